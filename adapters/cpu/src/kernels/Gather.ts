import { BadInputError, Tensor as T, allocData, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const Gather = defineKernel({
  opType: 'Gather',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const idx = required(node, inputs, 1);
    const axis = normalizeAxis(attrInt(node, 'axis', 0), x.dims.length);
    const outer = shapeSize(x.dims.slice(0, axis));
    const inner = shapeSize(x.dims.slice(axis + 1));
    const A = x.dims[axis];
    const dims = [...x.dims.slice(0, axis), ...idx.dims, ...x.dims.slice(axis + 1)];
    const out = allocData(x.type, shapeSize(dims)) as Float32Array;
    const xd = x.data as Float32Array;
    const ids = Array.from(idx.data as ArrayLike<number | bigint>, (v) => {
      const i = Number(v);
      if (i < -A || i >= A) throw new BadInputError(`Gather index ${i} is out of range for axis ${axis} of size ${A}`);
      return i < 0 ? i + A : i;
    });
    let o = 0;
    for (let a = 0; a < outer; a++) for (const i of ids) {
      const src = (a * A + i) * inner;
      for (let k = 0; k < inner; k++) out[o++] = xd[src + k];
    }
    return [new T(x.type, out, dims)];
  },
});
