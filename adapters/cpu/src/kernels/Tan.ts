import { mappedUnaryKernel } from '../elementwise.js';

export const Tan = mappedUnaryKernel('Tan', () => (x) => Math.tan(x), ['float32', 'float64']);
