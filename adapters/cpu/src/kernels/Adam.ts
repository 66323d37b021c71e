import { Tensor as T, attrFloat } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Adam = defineKernel({
  opType: 'Adam',
  domain: 'ai.onnx.preview.training',
  create: ({ node }) => {
    const alpha = attrFloat(node, 'alpha', 0.9), beta = attrFloat(node, 'beta', 0.999), eps = attrFloat(node, 'epsilon', 1e-6);
    const norm = attrFloat(node, 'norm_coefficient', 0), post = attrFloat(node, 'norm_coefficient_post', 0);
    return (inputs) => {
      const R = Number((required(node, inputs, 0).data as Float32Array)[0]);
      const Tt = Number((required(node, inputs, 1).data as BigInt64Array)[0]);
      const n = (inputs.length - 2) / 4;
      const rAdj = Tt > 0 ? (R * Math.sqrt(1 - beta ** Tt)) / (1 - alpha ** Tt) : R;
      const xs: T[] = [], vs: T[] = [], hs: T[] = [];
      for (let k = 0; k < n; k++) {
        const [x, g, v, h] = [0, 1, 2, 3].map((q) => inputs[2 + q * n + k]!);
        const xo = new Float32Array(x.size), vo = new Float32Array(x.size), ho = new Float32Array(x.size);
        const xd = x.data as Float32Array, gd = g.data as Float32Array, vd = v.data as Float32Array, hd = h.data as Float32Array;
        for (let i = 0; i < x.size; i++) {
          const gr = norm * xd[i] + gd[i];
          vo[i] = alpha * vd[i] + (1 - alpha) * gr;
          ho[i] = beta * hd[i] + (1 - beta) * gr * gr;
          xo[i] = (1 - post) * (xd[i] - (rAdj * vo[i]) / (Math.sqrt(ho[i]) + eps));
        }
        xs.push(new T('float32', xo, x.dims)); vs.push(new T('float32', vo, x.dims)); hs.push(new T('float32', ho, x.dims));
      }
      return [...xs, ...vs, ...hs];
    };
  },
});
