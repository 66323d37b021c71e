import { mappedBinaryKernel } from '../elementwise.js';

export const And = mappedBinaryKernel('And', (x, y) => (x && y ? 1 : 0), { types: ['bool'] });
