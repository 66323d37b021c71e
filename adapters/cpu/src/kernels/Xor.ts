import { mappedBinaryKernel } from '../elementwise.js';

export const Xor = mappedBinaryKernel('Xor', (x, y) => ((x ? 1 : 0) !== (y ? 1 : 0) ? 1 : 0), { types: ['bool'] });
