import { ALL_NUMERIC, mappedUnaryKernel } from '../elementwise.js';

export const Abs = mappedUnaryKernel('Abs', () => (x) => (x < 0 ? -x : x), ALL_NUMERIC);
