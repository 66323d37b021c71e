import { attrFloat } from '@anychip/core';
import { unaryKernel } from '../elementwise.js';

export const Selu = unaryKernel('Selu', ({ node }) => {
  const alpha = attrFloat(node, 'alpha', 1.67326319217681884765625);
  const gamma = attrFloat(node, 'gamma', 1.05070102214813232421875);
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = x[i]; o[i] = gamma * (v > 0 ? v : alpha * (Math.exp(v) - 1)); } };
});
