import { unaryKernel } from '../elementwise.js';

export const Sin = unaryKernel('Sin', () => {
  return (o, x, n) => { for (let i = 0; i < n; i++) { o[i] = Math.sin(x[i]); } };
});
