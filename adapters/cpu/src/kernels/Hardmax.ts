import { Tensor as T, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Hardmax = defineKernel({
  opType: 'Hardmax',
  types: ['float32', 'float64'],
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const axis = normalizeAxis(attrInt(node, 'axis', opset < 13 ? 1 : -1), x.dims.length);
    const D = opset < 13 ? shapeSize(x.dims.slice(axis)) : x.dims[axis];
    const inner = opset < 13 ? 1 : shapeSize(x.dims.slice(axis + 1));
    const outer = x.size / (D * inner || 1);
    const xd = x.data as Float32Array;
    const y = x.type === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
      let best = 0;
      for (let d = 1; d < D; d++) if (xd[(o * D + d) * inner + i] > xd[(o * D + best) * inner + i]) best = d;
      y[(o * D + best) * inner + i] = 1;
    }
    return [new T(x.type, y, x.dims)];
  },
});
