import { mappedUnaryKernel } from '../elementwise.js';

export const Atan = mappedUnaryKernel('Atan', () => (x) => Math.atan(x), ['float32', 'float64']);
