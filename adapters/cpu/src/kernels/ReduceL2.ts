import { reduceKernel } from './reduce.js';

export const ReduceL2 = reduceKernel('ReduceL2', 18, { init: 0, step: (a, v) => a + v * v, done: (a) => Math.sqrt(a) });
