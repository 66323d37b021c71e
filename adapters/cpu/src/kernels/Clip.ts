import { Tensor as T, allocData, attrFloat } from '@anychip/core';
import { ALL_NUMERIC } from '../elementwise.js';
import { defineKernel, required } from '../kernel.js';

/** Clip: bounds are attributes before opset 11 and optional inputs from 11 on. */
export const Clip = defineKernel({
  opType: 'Clip',
  types: ALL_NUMERIC,
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    let lo: number | bigint, hi: number | bigint;
    if (opset < 11) {
      lo = attrFloat(node, 'min', -3.4028234663852886e38);
      hi = attrFloat(node, 'max', 3.4028234663852886e38);
    } else {
      const big = x.type === 'int64' || x.type === 'uint64';
      lo = inputs[1]?.size ? (inputs[1].data as ArrayLike<number>)[0] : big ? -(2n ** 64n) : -Infinity;
      hi = inputs[2]?.size ? (inputs[2].data as ArrayLike<number>)[0] : big ? 2n ** 64n : Infinity;
    }
    const xd = x.data as Float32Array;
    const y = allocData(x.type, x.size) as Float32Array;
    const l = lo as number, h = hi as number;
    for (let i = 0; i < x.size; i++) {
      const v = xd[i];
      y[i] = v < l ? l : v > h ? h : v; // NaN passes through, as in the reference
    }
    return [new T(x.type, y, x.dims)];
  },
});
