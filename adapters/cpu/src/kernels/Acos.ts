import { mappedUnaryKernel } from '../elementwise.js';

export const Acos = mappedUnaryKernel('Acos', () => (x) => Math.acos(x), ['float32', 'float64']);
