import { reduceKernel } from './reduce.js';

export const ReduceMean = reduceKernel('ReduceMean', 18, { init: 0, step: (a, v) => a + v, done: (a, n) => a / n });
