import { mathUnaryKernel } from '../elementwise.js';

export const Tanh = mathUnaryKernel('Tanh');
