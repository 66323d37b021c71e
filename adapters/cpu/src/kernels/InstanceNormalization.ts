import { Tensor as T, attrFloat, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const InstanceNormalization = defineKernel({
  opType: 'InstanceNormalization',
  types: ['float32', 'float64'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const s = required(node, inputs, 1).data as Float32Array, b = required(node, inputs, 2).data as Float32Array;
    const eps = attrFloat(node, 'epsilon', 1e-5);
    const [N, C] = x.dims;
    const inner = shapeSize(x.dims.slice(2));
    const xd = x.data as Float32Array;
    const y = x.type === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
      const o = (n * C + c) * inner;
      let m = 0;
      for (let i = 0; i < inner; i++) m += xd[o + i];
      m /= inner;
      let v = 0;
      for (let i = 0; i < inner; i++) v += (xd[o + i] - m) ** 2;
      const k = s[c] / Math.sqrt(v / inner + eps);
      for (let i = 0; i < inner; i++) y[o + i] = (xd[o + i] - m) * k + b[c];
    }
    return [new T(x.type, y, x.dims)];
  },
});
