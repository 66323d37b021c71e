import { unaryKernel } from '../elementwise.js';

export const Softsign = unaryKernel('Softsign', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v / (1 + Math.abs(v)); } };
});
