import { attrFloat } from '@anychip/core';
import { mappedUnaryKernel } from '../elementwise.js';

export const Celu = mappedUnaryKernel('Celu', ({ node }) => {
  const a = attrFloat(node, 'alpha', 1);
  return (x) => Math.max(0, x) + Math.min(0, a * (Math.exp(x / a) - 1));
}, ['float32']);
