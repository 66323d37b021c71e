import { reduceKernel } from './reduce.js';

export const ReduceProd = reduceKernel('ReduceProd', 18, { init: 1, step: (a, v) => a * v, done: (a) => a });
