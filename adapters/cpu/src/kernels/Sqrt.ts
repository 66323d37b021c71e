import { mathUnaryKernel } from '../elementwise.js';

export const Sqrt = mathUnaryKernel('Sqrt');
