import { mathUnaryKernel } from '../elementwise.js';

export const Relu = mathUnaryKernel('Relu');
