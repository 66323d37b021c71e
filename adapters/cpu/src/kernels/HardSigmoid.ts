import { mathUnaryKernel } from '../elementwise.js';

export const HardSigmoid = mathUnaryKernel('HardSigmoid');
