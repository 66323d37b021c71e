import { erf, roundHalfEven } from '../math.js';
import { mappedUnaryKernel } from '../elementwise.js';

export const Round = mappedUnaryKernel('Round', () => (x) => roundHalfEven(x), ['float32', 'float64']);
