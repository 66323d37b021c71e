import { unaryKernel } from '../elementwise.js';

export const Neg = unaryKernel('Neg', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = -x[i]; } };
});
