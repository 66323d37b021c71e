import { attrFloat } from '@anychip/core';
import { unaryKernel } from '../elementwise.js';

export const HardSigmoid = unaryKernel('HardSigmoid', ({ node }) => {
  const alpha = attrFloat(node, 'alpha', 0.2);
  const beta = attrFloat(node, 'beta', 0.5);
  return (o, x, n) => { for (let i = 0; i < n; i++) { const v = alpha * x[i] + beta; o[i] = v < 0 ? 0 : v > 1 ? 1 : v; } };
});
