import { attrFloat } from '@anychip/core';
import { mappedUnaryKernel } from '../elementwise.js';

export const ThresholdedRelu = mappedUnaryKernel('ThresholdedRelu', ({ node }) => {
  const a = attrFloat(node, 'alpha', 1);
  return (x) => (x > a ? x : 0);
}, ['float32', 'float64']);
