import { Tensor as T } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { intMatMul } from './intmath.js';

export const MatMulInteger = defineKernel({
  opType: 'MatMulInteger',
  create: ({ node }) => (inputs) => {
    const r = intMatMul(required(node, inputs, 0), required(node, inputs, 1), inputs[2], inputs[3]);
    return [new T('int32', Int32Array.from(r.data), r.dims)];
  },
});
