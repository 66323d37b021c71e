import { mappedUnaryKernel } from '../elementwise.js';

export const IsNaN = mappedUnaryKernel('IsNaN', () => (x) => (Number.isNaN(x) ? 1 : 0), ['float32', 'float64'], () => 'bool');
