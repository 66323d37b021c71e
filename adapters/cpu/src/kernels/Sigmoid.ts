import { mathUnaryKernel } from '../elementwise.js';

export const Sigmoid = mathUnaryKernel('Sigmoid');
