import { Tensor as T, allocData, broadcastShapes, shapeSize } from '@anychip/core';
import { alignedStrides } from '../broadcast.js';
import { defineKernel, required, toInts } from '../kernel.js';
import { stridedCopy } from '../strided.js';

export const Expand = defineKernel({
  opType: 'Expand',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const dims = broadcastShapes(x.dims, toInts(required(node, inputs, 1))!);
    const out = allocData(x.type, shapeSize(dims));
    stridedCopy(x.data as ArrayLike<number>, 0, dims, alignedStrides(x.dims, dims.length), out as Float32Array);
    return [new T(x.type, out, dims)];
  },
});
