import { unaryKernel } from '../elementwise.js';

export const Exp = unaryKernel('Exp', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.exp(x[i]); } };
});
