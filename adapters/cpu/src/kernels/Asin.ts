import { mappedUnaryKernel } from '../elementwise.js';

export const Asin = mappedUnaryKernel('Asin', () => (x) => Math.asin(x), ['float32', 'float64']);
