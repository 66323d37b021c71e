import { Tensor as T, allocData } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { intMatMul } from './intmath.js';
import { roundHalfEven } from '../math.js';
import { saturate } from './quant.js';

export const QLinearMatMul = defineKernel({
  opType: 'QLinearMatMul',
  create: ({ node }) => (inputs) => {
    const [a, as, az, b, bs, bz, ys, yz] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => required(node, inputs, i));
    const r = intMatMul(a, b, az, bz);
    const sa = Number((as.data as Float32Array)[0]), sb = Number((bs.data as Float32Array)[0]), sy = Number((ys.data as Float32Array)[0]);
    const zy = Number((yz.data as Uint8Array)[0]);
    const y = allocData(yz.type, r.data.length) as Uint8Array;
    for (let i = 0; i < r.data.length; i++) y[i] = saturate(roundHalfEven((r.data[i] * sa * sb) / sy) + zy, yz.type);
    return [new T(yz.type, y as never, r.dims)];
  },
});
