import { Tensor as T, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, expectType, required } from '../kernel.js';

/**
 * Softmax. Before opset 13 the input is coerced to 2-D at `axis` (default 1) and the
 * softmax runs over everything from `axis` on; from 13 it runs over the one axis (default -1).
 */
export function softmaxKernel(opType: 'Softmax' | 'LogSoftmax') {
  return defineKernel({
    opType,
    types: ['float32', 'float64'],
    create: ({ node, opset }) => (inputs) => {
      const x = required(node, inputs, 0);
      expectType(node, x, ['float32', 'float64']);
      const r = x.dims.length;
      const axis = normalizeAxis(attrInt(node, 'axis', opset < 13 ? 1 : -1), r);
      const D = opset < 13 ? shapeSize(x.dims.slice(axis)) : x.dims[axis];
      const inner = opset < 13 ? 1 : shapeSize(x.dims.slice(axis + 1));
      const outer = x.size / (D * inner || 1);
      const xd = x.data as Float32Array;
      const y = x.type === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
      const log = opType === 'LogSoftmax';
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
        const base = o * D * inner + i;
        let m = -Infinity;
        for (let d = 0; d < D; d++) m = Math.max(m, xd[base + d * inner]);
        let s = 0;
        for (let d = 0; d < D; d++) s += Math.exp(xd[base + d * inner] - m);
        const ls = Math.log(s);
        for (let d = 0; d < D; d++) {
          const v = xd[base + d * inner] - m;
          y[base + d * inner] = log ? v - ls : Math.exp(v) / s;
        }
      }
      return [new T(x.type, y, x.dims)];
    },
  });
}

export const Softmax = softmaxKernel('Softmax');
