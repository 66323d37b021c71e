import { Tensor as T, attrInt } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Shape = defineKernel({
  opType: 'Shape',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const r = x.dims.length;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
    const start = clamp(attrInt(node, 'start', 0));
    const end = clamp(attrInt(node, 'end', r));
    const dims = x.dims.slice(start, Math.max(start, end));
    return [new T('int64', dims.map(BigInt), [dims.length])];
  },
});
