import { mathBinaryKernel } from '../elementwise.js';

export const Sub = mathBinaryKernel('Sub');
