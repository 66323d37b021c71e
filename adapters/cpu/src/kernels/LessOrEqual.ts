import { ALL_NUMERIC, mappedBinaryKernel } from '../elementwise.js';

export const LessOrEqual = mappedBinaryKernel('LessOrEqual', (x, y) => (x <= y ? 1 : 0), { types: ALL_NUMERIC, out: () => 'bool' });
