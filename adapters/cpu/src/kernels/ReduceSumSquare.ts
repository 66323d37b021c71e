import { reduceKernel } from './reduce.js';

export const ReduceSumSquare = reduceKernel('ReduceSumSquare', 18, { init: 0, step: (a, v) => a + v * v, done: (a) => a });
