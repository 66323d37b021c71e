import { unaryKernel } from '../elementwise.js';

export const Cos = unaryKernel('Cos', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.cos(x[i]); } };
});
