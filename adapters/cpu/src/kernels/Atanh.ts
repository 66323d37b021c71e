import { mappedUnaryKernel } from '../elementwise.js';

export const Atanh = mappedUnaryKernel('Atanh', () => (x) => Math.atanh(x), ['float32', 'float64']);
