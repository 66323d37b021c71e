import { Tensor as T } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { intConv } from './intmath.js';

export const ConvInteger = defineKernel({
  opType: 'ConvInteger',
  create: ({ node }) => (inputs) => {
    const xzp = inputs[2] ? Number((inputs[2].data as Uint8Array)[0]) : 0;
    const wz = inputs[3];
    const r = intConv(node, required(node, inputs, 0), required(node, inputs, 1), xzp, (m) => (wz ? Number((wz.data as Uint8Array)[wz.size === 1 ? 0 : m]) : 0));
    return [new T('int32', Int32Array.from(r.data), r.dims)];
  },
});
