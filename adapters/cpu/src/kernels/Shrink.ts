import { attrFloat } from '@anychip/core';
import { ALL_NUMERIC, mappedUnaryKernel } from '../elementwise.js';

export const Shrink = mappedUnaryKernel('Shrink', ({ node }) => {
  const bias = attrFloat(node, 'bias', 0);
  const lambd = attrFloat(node, 'lambd', 0.5);
  return (x) => { const v = Number(x); return v < -lambd ? v + bias : v > lambd ? v - bias : 0; };
}, ALL_NUMERIC.filter((t) => t !== 'int64' && t !== 'uint64'));
