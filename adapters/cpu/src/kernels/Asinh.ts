import { mappedUnaryKernel } from '../elementwise.js';

export const Asinh = mappedUnaryKernel('Asinh', () => (x) => Math.asinh(x), ['float32', 'float64']);
