import { type Node, Tensor as T, UnsupportedError, allocData, attrInt, attrInts, attrString, windowGeometry } from '@anychip/core';
import { forEachWindow, ndWindow } from '../nd.js';

/** Window geometry of a 2-D pool (1-D pools run as H = 1). */
export function poolGeometry(node: Node, dims: readonly number[]) {
  if (dims.length !== 4 && dims.length !== 3) throw new UnsupportedError(`${node.opType} on cpu supports 1-D and 2-D pooling, got input rank ${dims.length}`);
  const oneD = dims.length === 3;
  const H = dims[2], W = oneD ? 1 : dims[3];
  const k = attrInts(node, 'kernel_shape') ?? [];
  const lift = (a: number[] | undefined, fill: number) => (a && oneD ? [...a, fill] : a);
  const pads = attrInts(node, 'pads');
  const g = windowGeometry([H, W], oneD ? [k[0], 1] : k, {
    strides: lift(attrInts(node, 'strides'), 1), dilations: lift(attrInts(node, 'dilations'), 1),
    pads: pads && oneD ? [pads[0], 0, pads[1], 0] : pads, autoPad: attrString(node, 'auto_pad'), ceil: attrInt(node, 'ceil_mode', 0) === 1,
  });
  return { oneD, N: dims[0], C: dims[1], H, W, geo: g };
}

/** Max or average pooling of any rank; MaxPool's Indices output (row- or column-major offsets). */
export function poolNd(node: Node, x: T, kind: 'max' | 'avg'): T[] {
  const [N, C] = x.dims;
  const sp = x.dims.slice(2);
  const win = ndWindow(sp, attrInts(node, 'kernel_shape') ?? [], { strides: attrInts(node, 'strides'), dilations: attrInts(node, 'dilations'), pads: attrInts(node, 'pads'), autoPad: attrString(node, 'auto_pad'), ceil: attrInt(node, 'ceil_mode', 0) === 1 });
  const inN = sp.reduce((a, b) => a * b, 1), outN = win.out.reduce((a, b) => a * b, 1);
  const includePad = attrInt(node, 'count_include_pad', 0) === 1;
  const colMajor = attrInt(node, 'storage_order', 0) === 1;
  const y = allocData(x.type, N * C * outN) as Float32Array;
  const ind = new BigInt64Array(N * C * outN);
  const xd = x.data as Float32Array;
  const kN = win.kernel.reduce((a, b) => a * b, 1);
  for (let nc = 0; nc < N * C; nc++) {
    const best = new Float64Array(outN).fill(kind === 'max' ? -Infinity : 0);
    const arg = new Int32Array(outN).fill(-1);
    const cnt = new Int32Array(outN);
    forEachWindow(win, (o, _k, off) => {
      if (off < 0) return;
      const v = xd[nc * inN + off];
      if (kind === 'max') { if (v > best[o] || arg[o] < 0) { best[o] = v; arg[o] = off; } }
      else { best[o] += v; cnt[o]++; }
    });
    for (let o = 0; o < outN; o++) {
      y[nc * outN + o] = kind === 'max' ? best[o] : best[o] / (includePad ? kN : cnt[o]);
      let off = arg[o];
      if (colMajor && off >= 0) {
        // the same position, counted with the first spatial dim fastest
        let t = off, col = 0, mul = 1;
        const idx = sp.map(() => 0);
        for (let d = sp.length - 1; d >= 0; d--) { idx[d] = t % sp[d]; t = Math.floor(t / sp[d]); }
        for (let d = 0; d < sp.length; d++) { col += idx[d] * mul; mul *= sp[d]; }
        off = col;
      }
      ind[nc * outN + o] = BigInt(nc * inN + off);
    }
  }
  const dims = [N, C, ...win.out];
  return [new T(x.type, y, dims), new T('int64', ind, dims)];
}
