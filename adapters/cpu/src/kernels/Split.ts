import { BadInputError, Tensor as T, allocData, attrInt, attrInts, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';

export const Split = defineKernel({
  opType: 'Split',
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const axis = normalizeAxis(attrInt(node, 'axis', 0), x.dims.length);
    const A = x.dims[axis];
    const n = node.outputs.length;
    let parts = opset >= 13 ? toInts(inputs[1]) : attrInts(node, 'split');
    if (!parts || !parts.length) {
      const k = attrInt(node, 'num_outputs', n);
      const chunk = Math.ceil(A / k);
      parts = Array.from({ length: k }, (_, i) => Math.max(0, Math.min(chunk, A - i * chunk)));
    }
    if (parts.reduce((a, b) => a + b, 0) !== A) throw new BadInputError(`Split: parts [${parts}] do not add up to ${A}`);
    const outer = shapeSize(x.dims.slice(0, axis)), inner = shapeSize(x.dims.slice(axis + 1));
    const xd = x.data as Float32Array;
    let start = 0;
    return parts.map((p) => {
      const out = allocData(x.type, outer * p * inner) as Float32Array;
      for (let o = 0; o < outer; o++) for (let j = 0; j < p * inner; j++) out[o * p * inner + j] = xd[(o * A + start) * inner + j];
      start += p;
      return new T(x.type, out, x.dims.map((d, i) => (i === axis ? p : d)));
    });
  },
});
