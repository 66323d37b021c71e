import { Tensor as T, allocData, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { intConv } from './intmath.js';
import { roundHalfEven } from '../math.js';
import { saturate } from './quant.js';

export const QLinearConv = defineKernel({
  opType: 'QLinearConv',
  create: ({ node }) => (inputs) => {
    const [x, xs, xz, w, ws, wz, ys, yz] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => required(node, inputs, i));
    const bias = inputs[8]?.data as Int32Array | undefined;
    const per = (t: T) => (m: number) => Number((t.data as ArrayLike<number>)[t.size === 1 ? 0 : m]);
    const r = intConv(node, x, w, Number((xz.data as Uint8Array)[0]), per(wz));
    const M = w.dims[0];
    const inner = shapeSize(r.dims.slice(2));
    const sx = Number((xs.data as Float32Array)[0]), sy = Number((ys.data as Float32Array)[0]), zy = Number((yz.data as Uint8Array)[0]);
    const sw = per(ws);
    const y = allocData(yz.type, r.data.length) as Uint8Array;
    for (let i = 0; i < r.data.length; i++) {
      const m = Math.floor(i / inner) % M;
      y[i] = saturate(roundHalfEven(((r.data[i] + (bias ? bias[m] : 0)) * sx * sw(m)) / sy) + zy, yz.type);
    }
    return [new T(yz.type, y as never, r.dims)];
  },
});
