import { reduceKernel } from './reduce.js';

export const ReduceLogSumExp = reduceKernel('ReduceLogSumExp', 18, { init: 0, step: (a, v) => a + Math.exp(v), done: (a) => Math.log(a) });
