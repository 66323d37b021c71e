/** Integer matmul/conv helpers for the quantised ops: exact in float64 for int8 ranges. */
import { BadInputError, type Node, type Tensor, attrInt, attrInts, attrString, broadcastShapes, shapeSize } from '@anychip/core';
import { alignedStrides } from '../broadcast.js';
import { convNd, ndWindow } from '../nd.js';

/** (A - azp) x (B - bzp) with numpy batching; zero points per tensor, per row of A or per column of B. */
export function intMatMul(a: Tensor, b: Tensor, azp?: Tensor, bzp?: Tensor): { data: Float64Array; dims: number[] } {
  const ad = a.dims.length === 1 ? [1, a.dims[0]] : a.dims;
  const bd = b.dims.length === 1 ? [b.dims[0], 1] : b.dims;
  const M = ad[ad.length - 2], K = ad[ad.length - 1], N = bd[bd.length - 1];
  if (bd[bd.length - 2] !== K) throw new BadInputError(`MatMulInteger: inner dims differ, [${a.dims}] x [${b.dims}]`);
  const batch = broadcastShapes(ad.slice(0, -2), bd.slice(0, -2));
  const as = alignedStrides(ad.slice(0, -2), batch.length), bs = alignedStrides(bd.slice(0, -2), batch.length);
  const A = a.data as ArrayLike<number>, B = b.data as ArrayLike<number>;
  const za = (i: number) => (azp ? Number((azp.data as ArrayLike<number>)[azp.size === 1 ? 0 : i]) : 0);
  const zb = (j: number) => (bzp ? Number((bzp.data as ArrayLike<number>)[bzp.size === 1 ? 0 : j]) : 0);
  const P = shapeSize(batch);
  const out = new Float64Array(P * M * N);
  const idx = new Array<number>(batch.length).fill(0);
  for (let p = 0; p < P; p++) {
    let ao = 0, bo = 0;
    for (let d = 0; d < batch.length; d++) { ao += idx[d] * as[d]; bo += idx[d] * bs[d]; }
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (A[ao * M * K + i * K + k] - za(i)) * (B[bo * K * N + k * N + j] - zb(j));
      out[(p * M + i) * N + j] = s;
    }
    for (let d = batch.length - 1; d >= 0; d--) { if (++idx[d] < batch[d]) break; idx[d] = 0; }
  }
  const dims = [...batch];
  if (a.dims.length > 1) dims.push(M);
  if (b.dims.length > 1) dims.push(N);
  return { data: out, dims };
}

/** Integer convolution: (x - xzp) conv (w - wzp), accumulated exactly. */
export function intConv(node: Node, x: Tensor, w: Tensor, xzp: number, wzp: (m: number) => number): { data: Float64Array; dims: number[] } {
  const [N, C] = x.dims;
  const M = w.dims[0];
  const kN = shapeSize(w.dims.slice(1));
  const xs = Float64Array.from(x.data as ArrayLike<number>, (v) => v - xzp);
  const ws = Float64Array.from(w.data as ArrayLike<number>, (v, i) => v - wzp(Math.floor(i / kN)));
  const win = ndWindow(x.dims.slice(2), attrInts(node, 'kernel_shape') ?? w.dims.slice(2), { strides: attrInts(node, 'strides'), dilations: attrInts(node, 'dilations'), pads: attrInts(node, 'pads'), autoPad: attrString(node, 'auto_pad') });
  const out = new Float64Array(N * M * shapeSize(win.out));
  convNd(xs, ws, undefined, N, C, M, attrInt(node, 'group', 1), win, out);
  return { data: out, dims: [N, M, ...win.out] };
}
