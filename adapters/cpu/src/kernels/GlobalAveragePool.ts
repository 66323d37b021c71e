import { Tensor as T, UnsupportedError } from '@anychip/core';
import { defineKernel, expectType, required } from '../kernel.js';

export const GlobalAveragePool = defineKernel({
  opType: 'GlobalAveragePool',
  types: ['float32', 'float64'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    expectType(node, x, ['float32', 'float64']);
    if (x.dims.length < 3) throw new UnsupportedError(`GlobalAveragePool needs rank >= 3, got [${x.dims}]`);
    const NC = x.dims[0] * x.dims[1];
    const inner = x.size / NC;
    const xd = x.data as Float32Array;
    const y = x.type === 'float64' ? new Float64Array(NC) : new Float32Array(NC);
    for (let i = 0; i < NC; i++) {
      let s = 0;
      for (let j = i * inner, e = j + inner; j < e; j++) s += xd[j];
      y[i] = s / inner;
    }
    return [new T(x.type, y, [x.dims[0], x.dims[1], ...x.dims.slice(2).map(() => 1)])];
  },
});
