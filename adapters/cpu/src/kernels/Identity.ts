import { defineKernel, required } from '../kernel.js';

export const Identity = defineKernel({
  opType: 'Identity',
  create: ({ node }) => (inputs) => [required(node, inputs, 0)],
});
