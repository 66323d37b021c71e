import { ALL_NUMERIC, mathUnaryKernel } from '../elementwise.js';

export const Neg = mathUnaryKernel('Neg', ALL_NUMERIC.filter((t) => !t.startsWith('u')));
