import { variadicKernel } from '../elementwise.js';

export const Sum = variadicKernel('Sum', (x, y) => x + y);
