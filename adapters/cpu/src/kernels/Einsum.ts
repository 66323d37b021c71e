import { BadInputError, Tensor as T, allocData, attrString, shapeSize } from '@anychip/core';
import { defineKernel } from '../kernel.js';

/** Einsum by direct summation over every label (ellipsis supported). */
export const Einsum = defineKernel({
  opType: 'Einsum',
  create: ({ node }) => {
    const eq = attrString(node, 'equation', '').replace(/\s/g, '');
    return (inputs) => {
      const xs = inputs.filter((t): t is T => !!t);
      let [lhs, rhs] = eq.split('->');
      const terms = lhs.split(',');
      if (terms.length !== xs.length) throw new BadInputError(`Einsum '${eq}' has ${terms.length} operands, got ${xs.length} inputs`);
      // expand '...' into as many fresh labels as the operand's extra dims
      const ell = Math.max(0, ...terms.map((t, i) => (t.includes('...') ? xs[i].dims.length - (t.length - 3) : 0)));
      const ellLabels = Array.from({ length: ell }, (_, i) => String.fromCharCode(0x100 + i)).join('');
      const labels = terms.map((t, i) => (t.includes('...') ? t.replace('...', ellLabels.slice(ell - (xs[i].dims.length - (t.length - 3)))) : t));
      if (rhs === undefined) {
        const counts = new Map<string, number>();
        for (const l of labels.join('')) counts.set(l, (counts.get(l) ?? 0) + 1);
        rhs = ellLabels + [...counts].filter(([l, c]) => c === 1 && l.charCodeAt(0) < 0x100).map(([l]) => l).sort().join('');
      } else rhs = rhs.replace('...', ellLabels);
      const size = new Map<string, number>();
      labels.forEach((t, i) => [...t].forEach((l, d) => {
        const n = xs[i].dims[d];
        if (size.has(l) && size.get(l) !== n && n !== 1 && size.get(l) !== 1) throw new BadInputError(`Einsum label '${l}' has sizes ${size.get(l)} and ${n}`);
        size.set(l, Math.max(size.get(l) ?? 1, n));
      }));
      const all = [...new Set([...rhs, ...labels.join('')])];
      const outDims = [...rhs].map((l) => size.get(l)!);
      const out = allocData(xs[0].type, shapeSize(outDims)) as unknown as number[];
      const strides = xs.map((x, i) => {
        const s = new Map<string, number>();
        let acc = 1;
        for (let d = x.dims.length - 1; d >= 0; d--) { const l = labels[i][d]; if (x.dims[d] !== 1) s.set(l, (s.get(l) ?? 0) + acc); acc *= x.dims[d]; }
        return all.map((l) => s.get(l) ?? 0);
      });
      const dims = all.map((l) => size.get(l)!);
      const outStride = all.map((l) => { const k = rhs.indexOf(l); return k < 0 ? 0 : shapeSize(outDims.slice(k + 1)); });
      const idx = new Array<number>(all.length).fill(0);
      const total = shapeSize(dims);
      const data = xs.map((x) => x.data as unknown as number[]);
      for (let it = 0; it < total; it++) {
        let p = 1, o = 0;
        for (let k = 0; k < xs.length; k++) { let off = 0; for (let d = 0; d < all.length; d++) off += idx[d] * strides[k][d]; p *= data[k][off]; }
        for (let d = 0; d < all.length; d++) o += idx[d] * outStride[d];
        out[o] += p;
        for (let d = all.length - 1; d >= 0; d--) { if (++idx[d] < dims[d]) break; idx[d] = 0; }
      }
      return [new T(xs[0].type, out as never, outDims)];
    };
  },
});
