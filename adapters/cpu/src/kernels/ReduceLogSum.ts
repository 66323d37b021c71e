import { reduceKernel } from './reduce.js';

export const ReduceLogSum = reduceKernel('ReduceLogSum', 18, { init: 0, step: (a, v) => a + v, done: (a) => Math.log(a) });
