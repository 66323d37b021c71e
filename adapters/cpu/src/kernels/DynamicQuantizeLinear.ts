import { Tensor as T } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { roundHalfEven } from '../math.js';
import { saturate } from './quant.js';

export const DynamicQuantizeLinear = defineKernel({
  opType: 'DynamicQuantizeLinear',
  types: ['float32'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const xd = x.data as Float32Array;
    let lo = 0, hi = 0;
    for (let i = 0; i < x.size; i++) { lo = Math.min(lo, xd[i]); hi = Math.max(hi, xd[i]); }
    const scale = Math.fround((hi - lo) / 255);
    // the reference divides in float32; so do we, or x.5 ties land differently
    const zp = scale === 0 ? 0 : saturate(Math.fround((0 - lo) / scale), 'uint8');
    const y = new Uint8Array(x.size);
    for (let i = 0; i < x.size; i++) y[i] = scale === 0 ? zp : saturate(roundHalfEven(Math.fround(xd[i] / scale)) + zp, 'uint8');
    return [new T('uint8', y, x.dims), new T('float32', [scale], []), new T('uint8', Uint8Array.of(zp), [])];
  },
});
