import { Tensor as T, attrInts, normalizeAxis, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { forEachIndex } from '../indexing.js';

export const MeanVarianceNormalization = defineKernel({
  opType: 'MeanVarianceNormalization',
  types: ['float32', 'float64'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const r = x.dims.length;
    const axes = new Set((attrInts(node, 'axes') ?? [0, 2, 3]).map((a) => normalizeAxis(a, r)));
    const keepDims = x.dims.map((d, i) => (axes.has(i) ? 1 : d));
    const ks = stridesOf(keepDims);
    const groups = keepDims.reduce((a, b) => a * b, 1);
    const cnt = x.size / groups;
    const sum = new Float64Array(groups), sq = new Float64Array(groups);
    const xd = x.data as Float32Array;
    const g = (idx: number[]) => { let o = 0; for (let d = 0; d < r; d++) if (!axes.has(d)) o += idx[d] * ks[d]; return o; };
    forEachIndex(x.dims, (i, idx) => { const k = g(idx); sum[k] += xd[i]; sq[k] += xd[i] * xd[i]; });
    const y = x.type === 'float64' ? new Float64Array(x.size) : new Float32Array(x.size);
    forEachIndex(x.dims, (i, idx) => {
      const k = g(idx);
      const m = sum[k] / cnt;
      y[i] = (xd[i] - m) / (Math.sqrt(sq[k] / cnt - m * m) + 1e-9);
    });
    return [new T(x.type, y, x.dims)];
  },
});
