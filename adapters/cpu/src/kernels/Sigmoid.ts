import { unaryKernel } from '../elementwise.js';

export const Sigmoid = unaryKernel('Sigmoid', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)); } };
});
