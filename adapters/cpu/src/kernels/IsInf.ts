import { attrInt } from '@anychip/core';
import { mappedUnaryKernel } from '../elementwise.js';

export const IsInf = mappedUnaryKernel('IsInf', ({ node }) => {
  const neg = attrInt(node, 'detect_negative', 1) === 1;
  const pos = attrInt(node, 'detect_positive', 1) === 1;
  return (x) => ((pos && x === Infinity) || (neg && x === -Infinity) ? 1 : 0);
}, ['float32', 'float64'], () => 'bool');
