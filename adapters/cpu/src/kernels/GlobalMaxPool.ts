import { globalPool } from './globalPool.js';

export const GlobalMaxPool = globalPool('GlobalMaxPool', -Infinity, (a, v) => (v > a || Number.isNaN(v) ? v : a), (a) => a);
