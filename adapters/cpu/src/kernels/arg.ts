import { Tensor as T, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { ALL_NUMERIC } from '../elementwise.js';
import { defineKernel, required } from '../kernel.js';

export function argKernel(opType: 'ArgMax' | 'ArgMin') {
  const better = opType === 'ArgMax' ? (a: any, b: any) => a > b : (a: any, b: any) => a < b;
  return defineKernel({
    opType, types: ALL_NUMERIC,
    create: ({ node }) => (inputs) => {
      const x = required(node, inputs, 0);
      const axis = normalizeAxis(attrInt(node, 'axis', 0), x.dims.length);
      const keep = attrInt(node, 'keepdims', 1) === 1;
      const last = attrInt(node, 'select_last_index', 0) === 1;
      const outer = shapeSize(x.dims.slice(0, axis)), A = x.dims[axis], inner = shapeSize(x.dims.slice(axis + 1));
      const out = new BigInt64Array(outer * inner);
      const d = x.data as unknown as any[];
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
        let best = 0, bv = d[o * A * inner + i];
        for (let a = 1; a < A; a++) {
          const v = d[(o * A + a) * inner + i];
          if (better(v, bv) || (last && v === bv)) { best = a; bv = v; }
        }
        out[o * inner + i] = BigInt(best);
      }
      const dims = keep ? x.dims.map((v, i) => (i === axis ? 1 : v)) : x.dims.filter((_, i) => i !== axis);
      return [new T('int64', out, dims)];
    },
  });
}
