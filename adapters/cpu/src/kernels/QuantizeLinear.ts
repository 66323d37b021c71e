import { Tensor as T, allocData, attrInt } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { roundHalfEven } from '../math.js';
import { perAxis, saturate } from './quant.js';

export const QuantizeLinear = defineKernel({
  opType: 'QuantizeLinear',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const axis = attrInt(node, 'axis', 1);
    const scale = perAxis(required(node, inputs, 1), x.dims, axis, 1);
    const zpT = inputs[2];
    const type = zpT?.type ?? 'uint8';
    const zp = perAxis(zpT, x.dims, axis, 0);
    const xd = x.data as Float32Array;
    const y = allocData(type, x.size) as Uint8Array;
    // float32 division, as the spec computes it: a double quotient can fall on the other side of a .5 tie
    for (let i = 0; i < x.size; i++) y[i] = saturate(roundHalfEven(Math.fround(xd[i] / scale(i))) + zp(i), type);
    return [new T(type, y as never, x.dims)];
  },
});
