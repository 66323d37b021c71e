import { mappedUnaryKernel } from '../elementwise.js';

export const Sinh = mappedUnaryKernel('Sinh', () => (x) => Math.sinh(x), ['float32', 'float64']);
