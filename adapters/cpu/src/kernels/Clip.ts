import { Tensor as T, allocData, isBigInt } from '@anychip/core';
import { clipBounds, clipFn } from '../elementwise-math.js';
import { ALL_NUMERIC, unaryLoop } from '../elementwise.js';
import { defineKernel, required } from '../kernel.js';

/** Clip: bounds are attributes before opset 11 and optional inputs from 11 on. */
export const Clip = defineKernel({
  opType: 'Clip',
  types: ALL_NUMERIC,
  create: ({ node, opset }) => {
    const loop = unaryLoop('Clip'), bigLoop = unaryLoop('Clip_big');
    return (inputs) => {
      const x = required(node, inputs, 0);
      const bound = (t: T | undefined) => (t?.size ? (t.data as ArrayLike<number | bigint>)[0] : undefined);
      const [lo, hi] = clipBounds(node, opset, x.type, bound(inputs[1]), bound(inputs[2]));
      const y = allocData(x.type, x.size);
      (isBigInt(x.type) ? bigLoop : loop)(y, x.data, x.size, clipFn(lo, hi));
      return [new T(x.type, y, x.dims)];
    };
  },
});
