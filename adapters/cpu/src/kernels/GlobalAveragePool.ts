import { globalPool } from './globalPool.js';

export const GlobalAveragePool = globalPool('GlobalAveragePool', 0, (a, v) => a + v, (a, n) => a / n);
