import { ALL_NUMERIC, mappedBinaryKernel } from '../elementwise.js';

export const Equal = mappedBinaryKernel('Equal', (x, y) => (x === y ? 1 : 0), { types: [...ALL_NUMERIC, 'bool', 'string'], out: () => 'bool' });
