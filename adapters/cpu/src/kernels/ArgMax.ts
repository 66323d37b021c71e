import { argKernel } from './arg.js';

export const ArgMax = argKernel('ArgMax');
