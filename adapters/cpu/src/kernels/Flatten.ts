import { attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Flatten = defineKernel({
  opType: 'Flatten',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const r = x.dims.length;
    const axis = attrInt(node, 'axis', 1);
    // axis may equal the rank (everything in the first dim); negative counts from the end
    const a = normalizeAxis(axis < 0 ? axis + r : axis, r + 1);
    return [x.reshape([shapeSize(x.dims.slice(0, a)), shapeSize(x.dims.slice(a))])];
  },
});
