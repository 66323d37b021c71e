import { Tensor as T, allocData } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Range = defineKernel({
  opType: 'Range',
  create: ({ node }) => (inputs) => {
    const [s, l, d] = [0, 1, 2].map((i) => required(node, inputs, i));
    const big = s.type === 'int64';
    const start = Number((s.data as Float32Array)[0]), limit = Number((l.data as Float32Array)[0]), delta = Number((d.data as Float32Array)[0]);
    const n = Math.max(Math.ceil((limit - start) / delta), 0);
    const out = allocData(s.type, n) as unknown as (number | bigint)[];
    for (let i = 0; i < n; i++) out[i] = big ? BigInt(start + i * delta) : start + i * delta;
    return [new T(s.type, out as never, [n])];
  },
});
