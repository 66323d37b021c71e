import { unaryKernel } from '../elementwise.js';

export const Relu = unaryKernel('Relu', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v > 0 ? v : 0; } };
});
