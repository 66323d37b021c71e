import { unaryKernel } from '../elementwise.js';

export const Sqrt = unaryKernel('Sqrt', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.sqrt(x[i]); } };
});
