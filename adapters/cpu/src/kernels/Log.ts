import { unaryKernel } from '../elementwise.js';

export const Log = unaryKernel('Log', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.log(x[i]); } };
});
