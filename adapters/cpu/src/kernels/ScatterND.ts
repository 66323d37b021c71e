import { Tensor as T, attrString, shapeSize, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { SCATTER_REDUCE, wrapIndex } from '../indexing.js';


export const ScatterND = defineKernel({
  opType: 'ScatterND',
  create: ({ node }) => {
    const reduce = SCATTER_REDUCE[attrString(node, 'reduction', 'none')];
    return (inputs) => {
      const x = required(node, inputs, 0);
      const ind = required(node, inputs, 1);
      const upd = required(node, inputs, 2);
      const k = ind.dims[ind.dims.length - 1];
      const xs = stridesOf(x.dims);
      const slice = shapeSize(x.dims.slice(k));
      const out = (x.data as Float32Array).slice() as unknown as unknown[];
      const ud = upd.data as unknown as unknown[], id = ind.data as ArrayLike<number | bigint>;
      const n = ind.size / k;
      for (let i = 0; i < n; i++) {
        let o = 0;
        for (let d = 0; d < k; d++) o += wrapIndex(Number(id[i * k + d]), x.dims[d], 'ScatterND') * xs[d];
        for (let e = 0; e < slice; e++) out[o + e] = reduce(out[o + e], ud[i * slice + e]);
      }
      return [new T(x.type, out as never, x.dims)];
    };
  },
});
