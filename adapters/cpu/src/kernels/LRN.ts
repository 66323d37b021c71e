import { Tensor as T, attrFloat, attrInt, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const LRN = defineKernel({
  opType: 'LRN',
  types: ['float32', 'float64'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const alpha = attrFloat(node, 'alpha', 1e-4), beta = attrFloat(node, 'beta', 0.75), bias = attrFloat(node, 'bias', 1);
    const size = attrInt(node, 'size', 1);
    const [N, C] = x.dims;
    const inner = shapeSize(x.dims.slice(2));
    const lo = Math.floor((size - 1) / 2), hi = Math.ceil((size - 1) / 2);
    const xd = x.data as Float32Array;
    const y = x.type === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let i = 0; i < inner; i++) {
      let s = 0;
      for (let k = Math.max(0, c - lo); k <= Math.min(C - 1, c + hi); k++) s += xd[(n * C + k) * inner + i] ** 2;
      const at = (n * C + c) * inner + i;
      y[at] = xd[at] / (bias + (alpha / size) * s) ** beta;
    }
    return [new T(x.type, y, x.dims)];
  },
});
