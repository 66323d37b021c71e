import { unaryKernel } from '../elementwise.js';

export const Softplus = unaryKernel('Softplus', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v)); } };
});
