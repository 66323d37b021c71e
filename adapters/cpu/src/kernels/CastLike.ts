import { defineKernel, required } from '../kernel.js';
import { castTensor } from './Cast.js';

export const CastLike = defineKernel({
  opType: 'CastLike',
  check: (q) => (q.inputs[0]?.dtype === 'string' || q.inputs[1]?.dtype === 'string' ? 'CastLike to or from string is not implemented' : undefined),
  create: ({ node }) => (inputs) => [castTensor(required(node, inputs, 0), required(node, inputs, 1).type)],
});
