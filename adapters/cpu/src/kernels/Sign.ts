import { ALL_NUMERIC, mappedUnaryKernel } from '../elementwise.js';

export const Sign = mappedUnaryKernel('Sign', () => (x) => (typeof x === 'bigint' ? (x > 0n ? 1n : x < 0n ? -1n : 0n) : x > 0 ? 1 : x < 0 ? -1 : x), ALL_NUMERIC);
