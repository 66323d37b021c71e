import { Tensor as T, allocData, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';

export const TopK = defineKernel({
  opType: 'TopK',
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const k = opset < 10 ? attrInt(node, 'k', 1) : toInts(required(node, inputs, 1))![0];
    const axis = normalizeAxis(attrInt(node, 'axis', -1), x.dims.length);
    const largest = attrInt(node, 'largest', 1) === 1;
    const outer = shapeSize(x.dims.slice(0, axis)), A = x.dims[axis], inner = shapeSize(x.dims.slice(axis + 1));
    const dims = x.dims.map((d, i) => (i === axis ? k : d));
    const vals = allocData(x.type, shapeSize(dims)) as unknown as unknown[];
    const idx = new BigInt64Array(shapeSize(dims));
    const xd = x.data as unknown as any[];
    const order = Array.from({ length: A }, (_, i) => i);
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
      const at = (a: number) => xd[(o * A + a) * inner + i];
      // ties keep the lower index first, as the spec's reference does
      const sorted = [...order].sort((p, q) => (at(p) === at(q) ? p - q : largest ? (at(q) > at(p) ? 1 : -1) : (at(p) > at(q) ? 1 : -1)));
      for (let j = 0; j < k; j++) {
        vals[(o * k + j) * inner + i] = at(sorted[j]);
        idx[(o * k + j) * inner + i] = BigInt(sorted[j]);
      }
    }
    return [new T(x.type, vals as never, dims), new T('int64', idx, dims)];
  },
});
