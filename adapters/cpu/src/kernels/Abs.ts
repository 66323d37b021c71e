import { ALL_NUMERIC, mathUnaryKernel } from '../elementwise.js';

export const Abs = mathUnaryKernel('Abs', ALL_NUMERIC);
