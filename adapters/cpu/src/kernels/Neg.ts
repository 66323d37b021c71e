import { ALL_NUMERIC, mappedUnaryKernel } from '../elementwise.js';

export const Neg = mappedUnaryKernel('Neg', () => (x) => -x, ALL_NUMERIC.filter((t) => !t.startsWith('u')));
