import { variadicKernel } from '../elementwise.js';

export const Min = variadicKernel('Min', (x, y) => (x < y || x !== x ? x : y));
