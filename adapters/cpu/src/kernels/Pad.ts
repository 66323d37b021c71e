import { BadInputError, Tensor as T, allocData, attrFloat, attrInts, attrString, shapeSize, stridesOf } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';
import { forEachIndex } from '../indexing.js';

/** Pad: constant, reflect, edge and wrap; pads from the attribute (opset < 11) or inputs. */
export const Pad = defineKernel({
  opType: 'Pad',
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const r = x.dims.length;
    const mode = attrString(node, 'mode', 'constant');
    let pads = (opset < 11 ? attrInts(node, 'pads') ?? attrInts(node, 'paddings') : toInts(inputs[1])) ?? [];
    const value: unknown = opset < 11 ? attrFloat(node, 'value', 0) : inputs[2]?.size ? (inputs[2].data as unknown as unknown[])[0] : x.type === 'int64' ? 0n : 0;
    const axes = opset >= 18 ? toInts(inputs[3]) : undefined;
    if (axes) {
      const full = new Array<number>(2 * r).fill(0);
      axes.forEach((a0, i) => { const a = a0 < 0 ? a0 + r : a0; full[a] = pads[i]; full[a + r] = pads[i + axes.length]; });
      pads = full;
    }
    if (pads.length !== 2 * r) throw new BadInputError(`Pad: ${pads.length} pads for rank ${r}`);
    const dims = x.dims.map((d, i) => d + pads[i] + pads[i + r]);
    const out = allocData(x.type, shapeSize(dims)) as unknown as unknown[];
    const xs = stridesOf(x.dims);
    const xd = x.data as unknown as unknown[];
    forEachIndex(dims, (o, idx) => {
      let off = 0;
      for (let d = 0; d < r; d++) {
        let i = idx[d] - pads[d];
        const n = x.dims[d];
        if (i < 0 || i >= n) {
          if (mode === 'constant') { out[o] = value; return; }
          if (mode === 'edge') i = i < 0 ? 0 : n - 1;
          else if (mode === 'wrap') i = ((i % n) + n) % n;
          else if (mode === 'reflect') {
            const p = 2 * (n - 1);
            i = p === 0 ? 0 : ((i % p) + p) % p;
            if (i >= n) i = p - i;
          }
        }
        off += i * xs[d];
      }
      out[o] = xd[off];
    });
    return [new T(x.type, out as never, dims)];
  },
});
