import { mappedUnaryKernel } from '../elementwise.js';

export const Not = mappedUnaryKernel('Not', () => (x) => (x ? 0 : 1), ['bool']);
