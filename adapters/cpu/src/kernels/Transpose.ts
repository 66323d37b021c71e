import { BadInputError, Tensor as T, allocData, attrInts, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { stridedCopy } from '../strided.js';

export const Transpose = defineKernel({
  opType: 'Transpose',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const r = x.dims.length;
    const perm = attrInts(node, 'perm') ?? x.dims.map((_, i) => r - 1 - i);
    if (perm.length !== r || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) throw new BadInputError(`Transpose perm [${perm}] is not a permutation of rank ${r}`);
    const xs = stridesOf(x.dims);
    const dims = perm.map((p) => x.dims[p]);
    const out = allocData(x.type, x.size);
    stridedCopy(x.data as ArrayLike<number>, 0, dims, perm.map((p) => xs[p]), out as Float32Array);
    return [new T(x.type, out, dims)];
  },
});
