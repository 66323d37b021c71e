import { mathBinaryKernel } from '../elementwise.js';

export const Div = mathBinaryKernel('Div');
