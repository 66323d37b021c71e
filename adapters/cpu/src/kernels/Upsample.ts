import { Tensor as T, allocData, attrFloats, attrString, shapeSize, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { forEachIndex } from '../indexing.js';

/** Upsample (opsets 7-9): nearest takes floor(i / scale); linear interpolates asymmetrically. */
export const Upsample = defineKernel({
  opType: 'Upsample',
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const scales = opset >= 9 ? Array.from(required(node, inputs, 1).data as Float32Array) : attrFloats(node, 'scales') ?? [];
    const linear = attrString(node, 'mode', 'nearest') === 'linear';
    const dims = x.dims.map((d, i) => Math.floor(d * scales[i]));
    const xs = stridesOf(x.dims);
    const xd = x.data as Float32Array;
    const out = allocData(x.type, shapeSize(dims)) as Float32Array;
    forEachIndex(dims, (o, idx) => {
      if (!linear) { let off = 0; idx.forEach((v, d) => { off += Math.min(Math.floor(v / scales[d]), x.dims[d] - 1) * xs[d]; }); out[o] = xd[off]; return; }
      let acc = 0;
      const r = idx.length;
      for (let c = 0; c < 1 << r; c++) {
        let w = 1, off = 0;
        for (let d = 0; d < r; d++) {
          const s = Math.min(idx[d] / scales[d], x.dims[d] - 1);
          const lo = Math.floor(s), f = s - lo, hi = Math.min(lo + 1, x.dims[d] - 1);
          if (c & (1 << d)) { w *= f; off += hi * xs[d]; } else { w *= 1 - f; off += lo * xs[d]; }
        }
        if (w) acc += w * xd[off];
      }
      out[o] = acc;
    });
    return [new T(x.type, out, dims)];
  },
});
