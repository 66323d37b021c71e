import { defineKernel, required } from '../kernel.js';
import { castTensor } from './Cast.js';

export const CastLike = defineKernel({
  opType: 'CastLike',
  create: ({ node }) => (inputs) => [castTensor(required(node, inputs, 0), required(node, inputs, 1).type)],
});
