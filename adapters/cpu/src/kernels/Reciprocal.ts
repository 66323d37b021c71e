import { unaryKernel } from '../elementwise.js';

export const Reciprocal = unaryKernel('Reciprocal', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = 1 / x[i]; } };
});
