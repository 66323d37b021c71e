import { Tensor as T, attrInt } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { perAxis } from './quant.js';

export const DequantizeLinear = defineKernel({
  opType: 'DequantizeLinear',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const axis = attrInt(node, 'axis', 1);
    const scaleT = required(node, inputs, 1);
    const scale = perAxis(scaleT, x.dims, axis, 1);
    const zp = perAxis(inputs[2], x.dims, axis, 0);
    const xd = x.data as ArrayLike<number>;
    const y = new Float32Array(x.size);
    for (let i = 0; i < x.size; i++) y[i] = (Number(xd[i]) - zp(i)) * scale(i);
    return [new T('float32', y, x.dims)];
  },
});
