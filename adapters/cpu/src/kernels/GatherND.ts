import { Tensor as T, allocData, attrInt, shapeSize, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { wrapIndex } from '../indexing.js';

export const GatherND = defineKernel({
  opType: 'GatherND',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const ind = required(node, inputs, 1);
    const b = attrInt(node, 'batch_dims', 0);
    const k = ind.dims[ind.dims.length - 1];
    const batch = shapeSize(x.dims.slice(0, b));
    const xs = stridesOf(x.dims.slice(b));
    const slice = shapeSize(x.dims.slice(b + k));
    const perBatch = shapeSize(ind.dims.slice(b, -1));
    const outDims = [...ind.dims.slice(0, -1), ...x.dims.slice(b + k)];
    const out = allocData(x.type, shapeSize(outDims)) as unknown as unknown[];
    const xd = x.data as unknown as unknown[], id = ind.data as ArrayLike<number | bigint>;
    const xBatch = shapeSize(x.dims.slice(b));
    let w = 0;
    for (let bi = 0; bi < batch; bi++) for (let i = 0; i < perBatch; i++) {
      const row = (bi * perBatch + i) * k;
      let o = bi * xBatch;
      for (let d = 0; d < k; d++) o += wrapIndex(Number(id[row + d]), x.dims[b + d], 'GatherND') * xs[d];
      for (let e = 0; e < slice; e++) out[w++] = xd[o + e];
    }
    return [new T(x.type, out as never, outDims)];
  },
});
