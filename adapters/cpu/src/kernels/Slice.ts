import { BadInputError, Tensor as T, allocData, attrInts, normalizeAxis, shapeSize, sliceBounds, sliceLength, stridesOf } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';
import { stridedCopy } from '../strided.js';

/** Slice: starts/ends/axes are attributes before opset 10, inputs (with steps) from 10 on. */
export const Slice = defineKernel({
  opType: 'Slice',
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const r = x.dims.length;
    const starts = (opset < 10 ? attrInts(node, 'starts') : toInts(required(node, inputs, 1))) ?? [];
    const ends = (opset < 10 ? attrInts(node, 'ends') : toInts(required(node, inputs, 2))) ?? [];
    const axes = (opset < 10 ? attrInts(node, 'axes') : toInts(inputs[3])) ?? starts.map((_, i) => i);
    const steps = (opset < 10 ? undefined : toInts(inputs[4])) ?? starts.map(() => 1);
    if (starts.length !== ends.length || axes.length !== starts.length || steps.length !== starts.length) {
      throw new BadInputError(`Slice: starts, ends, axes and steps must have one length (${starts.length}, ${ends.length}, ${axes.length}, ${steps.length})`);
    }
    const st = stridesOf(x.dims);
    const dims = [...x.dims];
    const strides = [...st];
    let offset = 0;
    axes.forEach((a0, i) => {
      const a = normalizeAxis(a0, r);
      const step = steps[i];
      if (step === 0) throw new BadInputError('Slice: steps must be non-zero');
      const [s] = sliceBounds(x.dims[a], starts[i], ends[i], step);
      dims[a] = sliceLength(x.dims[a], starts[i], ends[i], step);
      if (dims[a] > 0) offset += s * st[a];
      strides[a] = st[a] * step;
    });
    const out = allocData(x.type, shapeSize(dims));
    stridedCopy(x.data as ArrayLike<number>, offset, dims, strides, out as Float32Array);
    return [new T(x.type, out, dims)];
  },
});
