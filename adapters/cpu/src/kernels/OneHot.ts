import { Tensor as T, allocData, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const OneHot = defineKernel({
  opType: 'OneHot',
  create: ({ node }) => (inputs) => {
    const ind = required(node, inputs, 0);
    const depth = Number((required(node, inputs, 1).data as Float32Array)[0]);
    const vals = required(node, inputs, 2);
    const r = ind.dims.length + 1;
    const axis = normalizeAxis(attrInt(node, 'axis', -1), r);
    const dims = [...ind.dims.slice(0, axis), depth, ...ind.dims.slice(axis)];
    const outer = shapeSize(ind.dims.slice(0, axis)), inner = shapeSize(ind.dims.slice(axis));
    const [off, on] = Array.from(vals.data as unknown as unknown[]);
    const out = allocData(vals.type, shapeSize(dims)) as unknown as unknown[];
    out.fill(off);
    const id = ind.data as ArrayLike<number | bigint>;
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
      let k = Number(id[o * inner + i]);
      if (k < 0) k += depth;
      if (k >= 0 && k < depth) out[(o * depth + k) * inner + i] = on;
    }
    return [new T(vals.type, out as never, dims)];
  },
});
