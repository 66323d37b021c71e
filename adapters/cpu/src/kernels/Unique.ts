import { Tensor as T, allocData, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

/** Unique elements (or slices along axis): Y, first indices, inverse indices, counts. */
export const Unique = defineKernel({
  opType: 'Unique',
  create: ({ node }) => (inputs) => {
    let x = required(node, inputs, 0);
    const hasAxis = !!node.attributes.axis;
    if (!hasAxis) x = x.reshape([x.size]);
    const axis = hasAxis ? normalizeAxis(attrInt(node, 'axis', 0), x.dims.length) : 0;
    const sorted = attrInt(node, 'sorted', 1) === 1;
    const A = x.dims[axis], outer = shapeSize(x.dims.slice(0, axis)), inner = shapeSize(x.dims.slice(axis + 1));
    const xd = x.data as unknown as number[];
    const slice = (a: number) => { const s: number[] = []; for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) s.push(xd[(o * A + a) * inner + i]); return s; };
    const keyOf = (s: number[]) => JSON.stringify(s.map(String));
    const first = new Map<string, number>();
    const slices: number[][] = [];
    for (let a = 0; a < A; a++) { const s = slice(a); slices.push(s); const k = keyOf(s); if (!first.has(k)) first.set(k, a); }
    let uniq = [...first.values()];
    const cmp = (p: number[], q: number[]) => { for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return p[i] < q[i] ? -1 : 1; return 0; };
    if (sorted) uniq = uniq.sort((p, q) => cmp(slices[p], slices[q]));
    const pos = new Map(uniq.map((a, j) => [keyOf(slices[a]), j]));
    const inverse = BigInt64Array.from(slices, (s) => BigInt(pos.get(keyOf(s))!));
    const counts = new BigInt64Array(uniq.length);
    for (const v of inverse) counts[Number(v)]++;
    const U = uniq.length;
    const y = allocData(x.type, outer * U * inner) as unknown as number[];
    uniq.forEach((a, j) => { for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) y[(o * U + j) * inner + i] = xd[(o * A + a) * inner + i]; });
    return [new T(x.type, y as never, x.dims.map((d, i) => (i === axis ? U : d))), new T('int64', BigInt64Array.from(uniq, BigInt), [U]), new T('int64', inverse, [A]), new T('int64', counts, [U])];
  },
});
