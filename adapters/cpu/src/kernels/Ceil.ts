import { unaryKernel } from '../elementwise.js';

export const Ceil = unaryKernel('Ceil', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.ceil(x[i]); } };
});
