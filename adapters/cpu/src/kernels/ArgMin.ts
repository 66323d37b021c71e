import { argKernel } from './arg.js';

export const ArgMin = argKernel('ArgMin');
