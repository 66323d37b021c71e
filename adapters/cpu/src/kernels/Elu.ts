import { attrFloat } from '@anychip/core';
import { unaryKernel } from '../elementwise.js';

export const Elu = unaryKernel('Elu', ({ node }) => {
  const alpha = attrFloat(node, 'alpha', 1);
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v >= 0 ? v : alpha * (Math.exp(v) - 1); } };
});
