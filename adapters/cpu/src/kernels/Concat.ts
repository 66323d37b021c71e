import { BadInputError, Tensor as T, allocData, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel } from '../kernel.js';

export const Concat = defineKernel({
  opType: 'Concat',
  create: ({ node }) => (inputs) => {
    const xs = inputs.filter((t): t is T => !!t);
    if (!xs.length) throw new BadInputError('Concat needs at least one input');
    return [concat(xs, normalizeAxis(attrInt(node, 'axis', 0), xs[0].dims.length))];
  },
});

/** Joins tensors of one type along `axis` (normalized); their other dims must agree. */
export function concat(xs: readonly T[], axis: number): T {
  const r = xs[0].dims.length;
  for (const t of xs) {
    if (t.type !== xs[0].type) throw new BadInputError(`Concat inputs must share one type, got ${xs[0].type} and ${t.type}`);
    if (t.dims.length !== r || t.dims.some((d, i) => i !== axis && d !== xs[0].dims[i])) throw new BadInputError(`Concat on axis ${axis}: shapes [${xs[0].dims}] and [${t.dims}] differ off the axis`);
  }
  const dims = [...xs[0].dims];
  dims[axis] = xs.reduce((a, t) => a + t.dims[axis], 0);
  const outer = shapeSize(dims.slice(0, axis));
  const inner = shapeSize(dims.slice(axis + 1));
  const out = allocData(xs[0].type, shapeSize(dims)) as Float32Array;
  const rowOut = dims[axis] * inner;
  let off = 0;
  for (const t of xs) {
    const row = t.dims[axis] * inner;
    const d = t.data as Float32Array;
    for (let o = 0; o < outer; o++) {
      if (Array.isArray(d)) for (let i = 0; i < row; i++) out[o * rowOut + off + i] = d[o * row + i];
      else out.set(d.subarray(o * row, (o + 1) * row), o * rowOut + off);
    }
    off += row;
  }
  return new T(xs[0].type, out, dims);
}
