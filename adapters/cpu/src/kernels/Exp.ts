import { mathUnaryKernel } from '../elementwise.js';

export const Exp = mathUnaryKernel('Exp');
