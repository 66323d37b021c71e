import { defineKernel } from '../kernel.js';
import { recurrent } from './recurrent.js';

export const LSTM = defineKernel({
  opType: 'LSTM',
  types: ['float32'],
  create: ({ node }) => recurrent('LSTM', node),
});
