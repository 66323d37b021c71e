import { ALL_NUMERIC, mappedBinaryKernel } from '../elementwise.js';

export const GreaterOrEqual = mappedBinaryKernel('GreaterOrEqual', (x, y) => (x >= y ? 1 : 0), { types: ALL_NUMERIC, out: () => 'bool' });
