import { defineKernel } from '../kernel.js';
import { recurrent } from './recurrent.js';

export const RNN = defineKernel({
  opType: 'RNN',
  types: ['float32'],
  create: ({ node }) => recurrent('RNN', node),
});
