import { type DataType, type Tensor, Tensor as T, allocData, broadcastShapes, shapeSize, stridesOf } from '@anychip/core';

type Arr = any; // a typed array of the op's element type (number or bigint elements)

/** Per-op loops; each op supplies its own literal loops so V8 keeps them monomorphic. */
export interface BinaryLoops {
  vv(o: Arr, a: Arr, b: Arr, n: number, oo: number, ao: number, bo: number): void;
  vs(o: Arr, a: Arr, s: any, n: number, oo: number, ao: number): void;
  sv(o: Arr, s: any, b: Arr, n: number, oo: number, bo: number): void;
  /** One element; used for odd strides. */
  f(x: any, y: any): any;
}

/**
 * Broadcasts a op b into a new tensor of `outType`. Adjacent dims with the same
 * broadcast pattern are merged, so the inner loop is as long as possible.
 */
export function broadcastBinary(a: Tensor, b: Tensor, outType: DataType, loops: BinaryLoops): Tensor {
  const dims = broadcastShapes(a.dims, b.dims);
  const n = shapeSize(dims);
  const out = allocData(outType, n) as Arr;
  const ad = a.data as Arr, bd = b.data as Arr;
  if (n === 0) return new T(outType, out, dims);
  if (a.size === n && b.size === n) { loops.vv(out, ad, bd, n, 0, 0, 0); return new T(outType, out, dims); }
  if (b.size === 1) { loops.vs(out, ad, bd[0], n, 0, 0); return new T(outType, out, dims); }
  if (a.size === 1) { loops.sv(out, ad[0], bd, n, 0, 0); return new T(outType, out, dims); }
  const r = dims.length;
  const as = alignedStrides(a.dims, r);
  const bs = alignedStrides(b.dims, r);
  const D: number[] = [], SA: number[] = [], SB: number[] = [];
  for (let i = 0; i < r; i++) {
    if (dims[i] === 1) continue;
    const k = D.length - 1;
    if (k >= 0 && SA[k] === as[i] * dims[i] && SB[k] === bs[i] * dims[i]) {
      D[k] *= dims[i]; SA[k] = as[i]; SB[k] = bs[i];
    } else { D.push(dims[i]); SA.push(as[i]); SB.push(bs[i]); }
  }
  const last = D.length - 1;
  const inner = D[last], sa = SA[last], sb = SB[last];
  const outer = n / inner;
  const idx = new Array<number>(last).fill(0);
  let ao = 0, bo = 0;
  for (let o = 0, oo = 0; o < outer; o++, oo += inner) {
    if (sa === 1 && sb === 1) loops.vv(out, ad, bd, inner, oo, ao, bo);
    else if (sa === 1 && sb === 0) loops.vs(out, ad, bd[bo], inner, oo, ao);
    else if (sa === 0 && sb === 1) loops.sv(out, ad[ao], bd, inner, oo, bo);
    else for (let i = 0; i < inner; i++) out[oo + i] = loops.f(ad[ao + i * sa], bd[bo + i * sb]);
    for (let d = last - 1; d >= 0; d--) {
      ao += SA[d]; bo += SB[d];
      if (++idx[d] < D[d]) break;
      ao -= SA[d] * D[d]; bo -= SB[d] * D[d]; idx[d] = 0;
    }
  }
  return new T(outType, out, dims);
}

/** Strides of `dims` right-aligned to rank r, 0 on broadcast dims. */
export function alignedStrides(dims: readonly number[], r: number): number[] {
  const s = stridesOf(dims);
  const out = new Array<number>(r).fill(0);
  for (let i = 0; i < dims.length; i++) out[r - dims.length + i] = dims[i] === 1 ? 0 : s[i];
  return out;
}

/** Loops from a scalar function; for int64 and the rarely-hot ops. */
export function genericLoops(f: (x: any, y: any) => any): BinaryLoops {
  return {
    f,
    vv: (o, a, b, n, oo, ao, bo) => { for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], b[bo + i]); },
    vs: (o, a, s, n, oo, ao) => { for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], s); },
    sv: (o, s, b, n, oo, bo) => { for (let i = 0; i < n; i++) o[oo + i] = f(s, b[bo + i]); },
  };
}
