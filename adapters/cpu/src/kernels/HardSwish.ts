import { mathUnaryKernel } from '../elementwise.js';

export const HardSwish = mathUnaryKernel('HardSwish');
