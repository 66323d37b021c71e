import { reduceKernel } from './reduce.js';

export const ReduceL1 = reduceKernel('ReduceL1', 18, { init: 0, step: (a, v) => a + Math.abs(v), done: (a) => a });
