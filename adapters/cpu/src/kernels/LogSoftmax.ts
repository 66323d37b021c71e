import { softmaxKernel } from './Softmax.js';

export const LogSoftmax = softmaxKernel('LogSoftmax');
