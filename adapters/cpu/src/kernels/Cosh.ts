import { mappedUnaryKernel } from '../elementwise.js';

export const Cosh = mappedUnaryKernel('Cosh', () => (x) => Math.cosh(x), ['float32', 'float64']);
