import { Tensor as T, attrInt } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Trilu = defineKernel({
  opType: 'Trilu',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const k = inputs[1] ? Number((inputs[1].data as BigInt64Array)[0]) : 0;
    const upper = attrInt(node, 'upper', 1) === 1;
    const r = x.dims.length;
    const R = x.dims[r - 2], C = x.dims[r - 1];
    const out = (x.data as Float32Array).slice() as unknown as unknown[];
    const zero = x.type === 'int64' || x.type === 'uint64' ? 0n : 0;
    for (let b = 0; b < x.size / (R * C || 1); b++) for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) {
      const keep = upper ? j - i >= k : j - i <= k;
      if (!keep) out[b * R * C + i * C + j] = zero;
    }
    return [new T(x.type, out as never, x.dims)];
  },
});
