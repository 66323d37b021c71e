import { Tensor as T, attrInt, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { forEachIndex } from '../indexing.js';

export const ReverseSequence = defineKernel({
  opType: 'ReverseSequence',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const lens = Array.from(required(node, inputs, 1).data as BigInt64Array, Number);
    const b = attrInt(node, 'batch_axis', 1), t = attrInt(node, 'time_axis', 0);
    const xs = stridesOf(x.dims);
    const out = (x.data as Float32Array).slice() as unknown as unknown[];
    const xd = x.data as unknown as unknown[];
    forEachIndex(x.dims, (i, idx) => {
      const L = lens[idx[b]];
      if (idx[t] < L) out[i] = xd[i + (L - 1 - 2 * idx[t]) * xs[t]];
    });
    return [new T(x.type, out as never, x.dims)];
  },
});
