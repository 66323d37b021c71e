import { reduceKernel } from './reduce.js';

export const ReduceMax = reduceKernel('ReduceMax', 18, { init: -Infinity, step: (a, v) => (v > a || Number.isNaN(v) ? v : a), done: (a) => a });
