import { mathUnaryKernel } from '../elementwise.js';

export const LeakyRelu = mathUnaryKernel('LeakyRelu');
