import { Tensor as T, UnsupportedError, attrFloat, attrInt } from '@anychip/core';
import { defineKernel, expectType, required } from '../kernel.js';

/** Inference-mode batch normalization: y = (x - mean) / sqrt(var + eps) * scale + B. */
export const BatchNormalization = defineKernel({
  opType: 'BatchNormalization',
  types: ['float32', 'float64'],
  check: (q) => (q.node.outputs.filter(Boolean).length > 1 || attrInt(q.node, 'training_mode', 0) === 1
    ? 'training-mode BatchNormalization (running statistics outputs) is not implemented' : undefined),
  create: ({ node }) => {
    const eps = attrFloat(node, 'epsilon', 1e-5);
    return (inputs) => {
      const x = required(node, inputs, 0);
      expectType(node, x, ['float32', 'float64']);
      const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => required(node, inputs, i).data as Float32Array);
      if (x.dims.length < 2) throw new UnsupportedError(`BatchNormalization needs rank >= 2, got [${x.dims}]`);
      const N = x.dims[0], C = x.dims[1];
      const inner = x.size / (N * C);
      const xd = x.data as Float32Array;
      const y = x.type === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
      for (let c = 0; c < C; c++) {
        // fold into one multiply-add per element; float32 rounding of eps matches the spec's T
        const k = scale[c] / Math.sqrt(variance[c] + Math.fround(eps));
        const b = bias[c] - mean[c] * k;
        for (let n = 0; n < N; n++) {
          const o = (n * C + c) * inner;
          for (let i = 0; i < inner; i++) y[o + i] = xd[o + i] * k + b;
        }
      }
      return [new T(x.type, y, x.dims)];
    };
  },
});
