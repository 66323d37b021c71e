import { reduceKernel } from './reduce.js';

export const ReduceSum = reduceKernel('ReduceSum', 13, { init: 0, step: (a, v) => a + v, done: (a) => a });
