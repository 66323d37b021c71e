import { variadicKernel } from '../elementwise.js';

export const Max = variadicKernel('Max', (x, y) => (x > y || x !== x ? x : y));
