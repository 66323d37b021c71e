import { Tensor as T } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { forEachIndex } from '../indexing.js';

export const NonZero = defineKernel({
  opType: 'NonZero',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const d = x.data as unknown as unknown[];
    const hits: number[][] = [];
    forEachIndex(x.dims, (i, idx) => { const v = d[i]; if (v !== 0 && v !== 0n && v !== '' && v !== false) hits.push([...idx]); });
    const r = x.dims.length;
    const out = new BigInt64Array(r * hits.length);
    hits.forEach((h, j) => h.forEach((v, a) => { out[a * hits.length + j] = BigInt(v); }));
    return [new T('int64', out, [r, hits.length])];
  },
});
