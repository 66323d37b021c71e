import { Tensor as T, allocData, attrInt, normalizeAxis, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { forEachIndex, offsetOf, wrapIndex } from '../indexing.js';

export const GatherElements = defineKernel({
  opType: 'GatherElements',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const ind = required(node, inputs, 1);
    const axis = normalizeAxis(attrInt(node, 'axis', 0), x.dims.length);
    const xs = stridesOf(x.dims);
    const out = allocData(x.type, ind.size) as unknown as unknown[];
    const xd = x.data as unknown as unknown[], id = ind.data as ArrayLike<number | bigint>;
    forEachIndex(ind.dims, (i, idx) => {
      const j = wrapIndex(Number(id[i]), x.dims[axis], 'GatherElements');
      out[i] = xd[offsetOf(idx, xs) + (j - idx[axis]) * xs[axis]];
    });
    return [new T(x.type, out as never, ind.dims)];
  },
});
