import { mappedUnaryKernel } from '../elementwise.js';

export const Acosh = mappedUnaryKernel('Acosh', () => (x) => Math.acosh(x), ['float32', 'float64']);
