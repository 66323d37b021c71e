import { mathBinaryKernel } from '../elementwise.js';

export const Mul = mathBinaryKernel('Mul');
