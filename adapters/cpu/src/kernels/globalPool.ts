import { type KernelDef, defineKernel, expectType, required } from '../kernel.js';
import { Tensor as T, UnsupportedError } from '@anychip/core';

/** GlobalAveragePool / GlobalMaxPool: one value per (n, c) over all spatial positions. */
export function globalPool(opType: string, init: number, step: (acc: number, v: number) => number, finish: (acc: number, n: number) => number): KernelDef {
  return defineKernel({
    opType,
    types: ['float32', 'float64'],
    create: ({ node }) => (inputs) => {
      const x = required(node, inputs, 0);
      expectType(node, x, ['float32', 'float64']);
      if (x.dims.length < 3) throw new UnsupportedError(`${opType} needs rank >= 3, got [${x.dims}]`);
      const NC = x.dims[0] * x.dims[1];
      const inner = x.size / NC;
      const xd = x.data as Float32Array;
      const y = x.type === 'float64' ? new Float64Array(NC) : new Float32Array(NC);
      for (let i = 0; i < NC; i++) {
        let acc = init;
        for (let j = i * inner, e = j + inner; j < e; j++) acc = step(acc, xd[j]);
        y[i] = finish(acc, inner);
      }
      return [new T(x.type, y, [x.dims[0], x.dims[1], ...x.dims.slice(2).map(() => 1)])];
    },
  });
}
