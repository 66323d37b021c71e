import { defineKernel } from '../kernel.js';
import { recurrent } from './recurrent.js';

export const GRU = defineKernel({
  opType: 'GRU',
  types: ['float32'],
  create: ({ node }) => recurrent('GRU', node),
});
