/**
 * Direct N-dimensional convolution and pooling, for the shapes the fast 2-D paths do not
 * take (3-D, integer types, MaxPool indices). Simple loops over output and window.
 */
import { windowGeometry } from '@anychip/core';

export interface NdWindow {
  inSpatial: number[];
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  out: number[];
}

export function ndWindow(inSpatial: number[], kernel: number[], o: { strides?: number[]; dilations?: number[]; pads?: number[]; autoPad?: string; ceil?: boolean }): NdWindow {
  const g = windowGeometry(inSpatial, kernel, o);
  return { inSpatial, kernel, strides: g.strides, dilations: g.dilations, pads: g.pads, out: g.out };
}

const prod = (a: number[]) => a.reduce((x, y) => x * y, 1);

/** Visits each output position, then each window tap, giving the flat input offset or -1 (padding). */
export function forEachWindow(w: NdWindow, visit: (outIdx: number, tap: number, inOff: number) => void): void {
  const n = w.inSpatial.length;
  const outN = prod(w.out);
  const kN = prod(w.kernel);
  const oi = new Array<number>(n).fill(0);
  const ki = new Array<number>(n).fill(0);
  for (let o = 0; o < outN; o++) {
    ki.fill(0);
    for (let k = 0; k < kN; k++) {
      let off = 0, inside = true;
      for (let d = 0; d < n; d++) {
        const p = oi[d] * w.strides[d] - w.pads[d] + ki[d] * w.dilations[d];
        if (p < 0 || p >= w.inSpatial[d]) { inside = false; break; }
        off = off * w.inSpatial[d] + p;
      }
      visit(o, k, inside ? off : -1);
      for (let d = n - 1; d >= 0; d--) { if (++ki[d] < w.kernel[d]) break; ki[d] = 0; }
    }
    for (let d = n - 1; d >= 0; d--) { if (++oi[d] < w.out[d]) break; oi[d] = 0; }
  }
}

/** y[n, m, out...] = sum over c in group, taps: x[n, c, in...] * w[m, c, taps] (+ bias). Doubles throughout. */
export function convNd(
  x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | undefined,
  N: number, C: number, M: number, group: number, win: NdWindow, y: { [i: number]: number },
): void {
  const inN = prod(win.inSpatial), outN = prod(win.out), kN = prod(win.kernel);
  const Cg = C / group, Mg = M / group;
  for (let n = 0; n < N; n++) for (let m = 0; m < M; m++) {
    const g = Math.floor(m / Mg);
    const acc = new Float64Array(outN).fill(bias ? bias[m] : 0);
    for (let c = 0; c < Cg; c++) {
      const xo = (n * C + g * Cg + c) * inN;
      const wo = (m * Cg + c) * kN;
      forEachWindow(win, (o, k, off) => { if (off >= 0) acc[o] += x[xo + off] * w[wo + k]; });
    }
    const yo = (n * M + m) * outN;
    for (let o = 0; o < outN; o++) y[yo + o] = acc[o];
  }
}
