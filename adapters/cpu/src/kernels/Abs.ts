import { unaryKernel } from '../elementwise.js';

export const Abs = unaryKernel('Abs', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.abs(x[i]); } };
});
