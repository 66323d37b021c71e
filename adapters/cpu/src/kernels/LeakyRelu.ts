import { attrFloat } from '@anychip/core';
import { unaryKernel } from '../elementwise.js';

export const LeakyRelu = unaryKernel('LeakyRelu', ({ node }) => {
  const alpha = attrFloat(node, 'alpha', 0.01);
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = v >= 0 ? v : alpha * v; } };
});
