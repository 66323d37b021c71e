import { Tensor as T } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Size = defineKernel({
  opType: 'Size',
  create: ({ node }) => (inputs) => [new T('int64', [BigInt(required(node, inputs, 0).size)], [])],
});
