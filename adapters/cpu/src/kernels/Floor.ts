import { unaryKernel } from '../elementwise.js';

export const Floor = unaryKernel('Floor', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.floor(x[i]); } };
});
