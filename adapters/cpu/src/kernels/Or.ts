import { mappedBinaryKernel } from '../elementwise.js';

export const Or = mappedBinaryKernel('Or', (x, y) => (x || y ? 1 : 0), { types: ['bool'] });
