import { BadInputError, Tensor as T, allocData, broadcastShapes, shapeSize } from '@anychip/core';
import { alignedStrides } from '../broadcast.js';
import { defineKernel, required } from '../kernel.js';

/** Where(cond, x, y), all three broadcast together. */
export const Where = defineKernel({
  opType: 'Where',
  create: ({ node }) => (inputs) => {
    const [c, x, y] = [0, 1, 2].map((i) => required(node, inputs, i));
    if (x.type !== y.type) throw new BadInputError(`Where: x is ${x.type} but y is ${y.type}`);
    const dims = broadcastShapes(c.dims, x.dims, y.dims);
    const r = dims.length;
    const [sc, sx, sy] = [c, x, y].map((t) => alignedStrides(t.dims, r));
    const n = shapeSize(dims);
    const out = allocData(x.type, n) as unknown as unknown[];
    const cd = c.data as Uint8Array, xd = x.data as unknown as unknown[], yd = y.data as unknown as unknown[];
    const idx = new Array<number>(r).fill(0);
    for (let i = 0; i < n; i++) {
      let oc = 0, ox = 0, oy = 0;
      for (let d = 0; d < r; d++) { oc += idx[d] * sc[d]; ox += idx[d] * sx[d]; oy += idx[d] * sy[d]; }
      out[i] = cd[oc] ? xd[ox] : yd[oy];
      for (let d = r - 1; d >= 0; d--) { if (++idx[d] < dims[d]) break; idx[d] = 0; }
    }
    return [new T(x.type, out as never, dims)];
  },
});
