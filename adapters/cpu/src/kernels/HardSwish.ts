import { unaryKernel } from '../elementwise.js';

export const HardSwish = unaryKernel('HardSwish', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = x[i] / 6 + 0.5; o[i] = x[i] * (v < 0 ? 0 : v > 1 ? 1 : v); } };
});
