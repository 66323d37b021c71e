import { unaryKernel } from '../elementwise.js';

export const Tanh = unaryKernel('Tanh', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.tanh(x[i]); } };
});
