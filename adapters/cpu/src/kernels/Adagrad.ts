import { Tensor as T, attrFloat } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Adagrad = defineKernel({
  opType: 'Adagrad',
  domain: 'ai.onnx.preview.training',
  create: ({ node }) => {
    const decay = attrFloat(node, 'decay_factor', 0), eps = attrFloat(node, 'epsilon', 1e-6), norm = attrFloat(node, 'norm_coefficient', 0);
    return (inputs) => {
      const R = Number((required(node, inputs, 0).data as Float32Array)[0]);
      const Tt = Number((required(node, inputs, 1).data as BigInt64Array)[0]);
      const n = (inputs.length - 2) / 3;
      const r = R / (1 + Tt * decay);
      const xs: T[] = [], hs: T[] = [];
      for (let k = 0; k < n; k++) {
        const [x, g, h] = [inputs[2 + k]!, inputs[2 + n + k]!, inputs[2 + 2 * n + k]!];
        const xo = new Float32Array(x.size), ho = new Float32Array(x.size);
        const xd = x.data as Float32Array, gd = g.data as Float32Array, hd = h.data as Float32Array;
        for (let i = 0; i < x.size; i++) {
          const gr = norm * xd[i] + gd[i];
          ho[i] = hd[i] + gr * gr;
          xo[i] = xd[i] - (r * gr) / (Math.sqrt(ho[i]) + eps);
        }
        xs.push(new T('float32', xo, x.dims)); hs.push(new T('float32', ho, x.dims));
      }
      return [...xs, ...hs];
    };
  },
});
