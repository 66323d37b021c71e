import { Tensor as T, attrFloat, attrString } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Momentum = defineKernel({
  opType: 'Momentum',
  domain: 'ai.onnx.preview.training',
  create: ({ node }) => {
    const alpha = attrFloat(node, 'alpha', 0), beta = attrFloat(node, 'beta', 0), norm = attrFloat(node, 'norm_coefficient', 0);
    const nesterov = attrString(node, 'mode', 'standard') === 'nesterov';
    return (inputs) => {
      const R = Number((required(node, inputs, 0).data as Float32Array)[0]);
      const Tt = Number((required(node, inputs, 1).data as BigInt64Array)[0]);
      const n = (inputs.length - 2) / 3;
      const b = Tt > 0 ? beta : 1;
      const xs: T[] = [], vs: T[] = [];
      for (let k = 0; k < n; k++) {
        const [x, g, v] = [inputs[2 + k]!, inputs[2 + n + k]!, inputs[2 + 2 * n + k]!];
        const xo = new Float32Array(x.size), vo = new Float32Array(x.size);
        const xd = x.data as Float32Array, gd = g.data as Float32Array, vd = v.data as Float32Array;
        for (let i = 0; i < x.size; i++) {
          const gr = norm * xd[i] + gd[i];
          vo[i] = alpha * vd[i] + b * gr;
          xo[i] = nesterov ? xd[i] - R * (gr + alpha * vo[i]) : xd[i] - R * vo[i];
        }
        xs.push(new T('float32', xo, x.dims)); vs.push(new T('float32', vo, x.dims));
      }
      return [...xs, ...vs];
    };
  },
});
