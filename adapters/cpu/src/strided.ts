/**
 * Copies a strided view of `src` (dims `dims`, element strides `strides`, starting at
 * `offset`) into a dense row-major `dst`. Serves Transpose, Slice and friends.
 */
export function stridedCopy(src: ArrayLike<any>, offset: number, dims: readonly number[], strides: readonly number[], dst: { [i: number]: any }): void {
  const r = dims.length;
  let n = 1;
  for (const d of dims) n *= d;
  if (n === 0) return;
  if (r === 0) { dst[0] = src[offset]; return; }
  const inner = dims[r - 1];
  const s = strides[r - 1];
  const outer = n / inner;
  const idx = new Array<number>(r - 1).fill(0);
  let so = offset;
  for (let o = 0, oo = 0; o < outer; o++, oo += inner) {
    if (s === 1) for (let i = 0; i < inner; i++) dst[oo + i] = src[so + i];
    else for (let i = 0; i < inner; i++) dst[oo + i] = src[so + i * s];
    for (let d = r - 2; d >= 0; d--) {
      so += strides[d];
      if (++idx[d] < dims[d]) break;
      so -= strides[d] * dims[d];
      idx[d] = 0;
    }
  }
}
