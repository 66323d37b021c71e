import { Tensor as T, allocData, shapeSize, stridesOf } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';
import { forEachIndex } from '../indexing.js';

export const Tile = defineKernel({
  opType: 'Tile',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const reps = toInts(required(node, inputs, 1))!;
    const dims = x.dims.map((d, i) => d * reps[i]);
    const xs = stridesOf(x.dims);
    const out = allocData(x.type, shapeSize(dims)) as unknown as unknown[];
    const xd = x.data as unknown as unknown[];
    forEachIndex(dims, (o, idx) => { let off = 0; for (let d = 0; d < idx.length; d++) off += (idx[d] % x.dims[d]) * xs[d]; out[o] = xd[off]; });
    return [new T(x.type, out as never, dims)];
  },
});
