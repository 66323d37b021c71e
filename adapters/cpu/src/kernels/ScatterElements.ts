import { Tensor as T, attrInt, attrString, normalizeAxis, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { SCATTER_REDUCE, forEachIndex, offsetOf, wrapIndex } from '../indexing.js';


export function scatterElementsKernel(opType: 'ScatterElements' | 'Scatter') {
  return defineKernel({
    opType,
    create: ({ node }) => {
      const reduce = SCATTER_REDUCE[attrString(node, 'reduction', 'none')];
      return (inputs) => {
        const x = required(node, inputs, 0);
        const ind = required(node, inputs, 1);
        const upd = required(node, inputs, 2);
        const axis = normalizeAxis(attrInt(node, 'axis', 0), x.dims.length);
        const xs = stridesOf(x.dims);
        const out = (x.data as Float32Array).slice() as unknown as unknown[];
        const ud = upd.data as unknown as unknown[], id = ind.data as ArrayLike<number | bigint>;
        forEachIndex(ind.dims, (i, idx) => {
          const j = wrapIndex(Number(id[i]), x.dims[axis], opType);
          const o = offsetOf(idx, xs) + (j - idx[axis]) * xs[axis];
          out[o] = reduce(out[o], ud[i]);
        });
        return [new T(x.type, out as never, x.dims)];
      };
    },
  });
}
export const ScatterElements = scatterElementsKernel('ScatterElements');
