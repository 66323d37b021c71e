import { erf, roundHalfEven } from '../math.js';
import { mappedUnaryKernel } from '../elementwise.js';

export const Erf = mappedUnaryKernel('Erf', () => (x) => erf(x), ['float32', 'float64']);
