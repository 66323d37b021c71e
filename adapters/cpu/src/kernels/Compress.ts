import { Tensor as T, allocData, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Compress = defineKernel({
  opType: 'Compress',
  create: ({ node }) => (inputs) => {
    let x = required(node, inputs, 0);
    const cond = required(node, inputs, 1).data as Uint8Array;
    const a = node.attributes.axis ? attrInt(node, 'axis', 0) : undefined;
    if (a === undefined) x = x.reshape([x.size]);
    const axis = a === undefined ? 0 : normalizeAxis(a, x.dims.length);
    const A = x.dims[axis];
    const keep: number[] = [];
    for (let i = 0; i < Math.min(A, cond.length); i++) if (cond[i]) keep.push(i);
    const outer = shapeSize(x.dims.slice(0, axis)), inner = shapeSize(x.dims.slice(axis + 1));
    const dims = x.dims.map((d, i) => (i === axis ? keep.length : d));
    const out = allocData(x.type, shapeSize(dims)) as unknown as unknown[];
    const xd = x.data as unknown as unknown[];
    let w = 0;
    for (let o = 0; o < outer; o++) for (const k of keep) for (let i = 0; i < inner; i++) out[w++] = xd[(o * A + k) * inner + i];
    return [new T(x.type, out as never, dims)];
  },
});
