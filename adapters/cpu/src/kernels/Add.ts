import { mathBinaryKernel } from '../elementwise.js';

export const Add = mathBinaryKernel('Add');
