/**
 * Single-precision GEMM, C = A x B (+ C). A is packed into 4-row panels; B is packed per
 * block of columns. Where WebAssembly SIMD exists, a 4x8 f32x4 micro-kernel does the
 * work (float32 accumulation); elsewhere a 4x4 register-blocked JS kernel does
 * (float64 accumulation, rounded once on store).
 */
import { simdKernels } from './wasm/simd.js';

/** A strided matrix view: element (r, c) is data[offset + r*rs + c*cs]. */
export interface MatView {
  data: ArrayLike<number>;
  offset: number;
  rs: number;
  cs: number;
}

const MR = 4;
const NR = 4;
const NC = 256; // columns of B packed at a time: K x 256 floats stays in L2

/** Packs M x K of A into row panels of MR: panel p holds A[p*MR + r][k] at (p*K + k)*MR + r. */
export function packA(a: MatView, M: number, K: number): Float32Array {
  const panels = Math.ceil(M / MR);
  const out = new Float32Array(panels * K * MR);
  for (let p = 0; p < panels; p++) {
    for (let r = 0; r < MR; r++) {
      const row = p * MR + r;
      if (row >= M) break;
      let src = a.offset + row * a.rs;
      let dst = p * K * MR + r;
      for (let k = 0; k < K; k++) { out[dst] = a.data[src]; src += a.cs; dst += MR; }
    }
  }
  return out;
}

function packB(b: MatView, K: number, j0: number, nc: number, out: Float32Array): void {
  const panels = Math.ceil(nc / NR);
  for (let p = 0; p < panels; p++) {
    const base = p * K * NR;
    const jn = Math.min(NR, nc - p * NR);
    for (let c = 0; c < NR; c++) {
      let dst = base + c;
      if (c >= jn) { for (let k = 0; k < K; k++, dst += NR) out[dst] = 0; continue; }
      let src = b.offset + (j0 + p * NR + c) * b.cs;
      if (b.rs === 1) {
        for (let k = 0; k < K; k++, dst += NR) out[dst] = b.data[src + k];
      } else {
        for (let k = 0; k < K; k++, dst += NR, src += b.rs) out[dst] = b.data[src];
      }
    }
  }
}

// Packing B column-by-column is cache-hostile when B is row-major (rs = N, cs = 1):
// this variant walks rows of B and scatters 4 at a time.
function packBRowMajor(b: MatView, K: number, j0: number, nc: number, out: Float32Array): void {
  const panels = Math.ceil(nc / NR);
  const full = Math.floor(nc / NR);
  const d = b.data;
  for (let k = 0; k < K; k++) {
    let src = b.offset + k * b.rs + j0;
    let dst = k * NR;
    const stride = K * NR;
    for (let p = 0; p < full; p++) {
      out[dst] = d[src]; out[dst + 1] = d[src + 1]; out[dst + 2] = d[src + 2]; out[dst + 3] = d[src + 3];
      src += NR; dst += stride;
    }
    if (full < panels) {
      const jn = nc - full * NR;
      for (let c = 0; c < NR; c++) out[dst + c] = c < jn ? d[src + c] : 0;
    }
  }
}

/**
 * C[M x N] (row stride ldc, starting at cOff) = Ap (packed) x B, plus `beta * C` when
 * accumulate is set, plus bias[row] when given.
 */
export function gemmPacked(
  M: number, N: number, K: number, Ap: Float32Array, b: MatView,
  c: Float32Array, cOff: number, ldc: number,
  opts: { accumulate?: boolean; rowBias?: ArrayLike<number>; colBias?: ArrayLike<number> } = {},
): void {
  if (M === 0 || N === 0) return;
  const s = K > 0 && !forceJs ? simdKernels() : null;
  if (s) gemmSimd(s, M, N, K, Ap, (j0, nc, f, off) => packB8(b, K, j0, nc, f, off), c, cOff, ldc, opts);
  else gemmJs(M, N, K, Ap, b, c, cOff, ldc, opts);
}

/**
 * Writes columns [j0, j0 + nc) of a K x N matrix into `f` at `off` in 8-column panels:
 * element (k, j0 + t) at off + ((t >> 3) * K + k) * 8 + (t & 7); the last panel zero-padded.
 */
export type BlockPacker = (j0: number, nc: number, f: Float32Array, off: number) => void;

/**
 * GEMM whose B is produced block by block (e.g. im2col straight into packed panels, so
 * the full column matrix never exists). Returns false where SIMD is unavailable; the
 * caller then materialises B and calls gemmPacked.
 */
export function gemmPackedBlocks(M: number, N: number, K: number, Ap: Float32Array, pack: BlockPacker, c: Float32Array, cOff: number, ldc: number, opts: { rowBias?: ArrayLike<number> } = {}): boolean {
  const s = K > 0 && !forceJs ? simdKernels() : null;
  if (!s) return false;
  if (M > 0 && N > 0) gemmSimd(s, M, N, K, Ap, pack, c, cOff, ldc, opts);
  return true;
}

let forceJs = typeof process !== 'undefined' && process.env?.ANYCHIP_CPU_NO_SIMD === '1';
/** Selects the JS kernel even where SIMD exists (tests compare the two). */
export function setForceJsGemm(on: boolean): void {
  forceJs = on;
}
export function usesSimd(): boolean {
  return !forceJs && simdKernels() !== null;
}

const NCS = 256; // B columns per SIMD block: K x 256 floats stays in L2

function gemmSimd(
  s: NonNullable<ReturnType<typeof simdKernels>>, M: number, N: number, K: number, Ap: Float32Array, pack: BlockPacker,
  c: Float32Array, cOff: number, ldc: number,
  opts: { accumulate?: boolean; rowBias?: ArrayLike<number>; colBias?: ArrayLike<number> },
): void {
  const mP = Math.ceil(M / MR);
  const aLen = mP * MR * K;
  const bOff = aLen;
  const bLen = K * NCS;
  const cBase = bOff + bLen;
  s.reserve((cBase + mP * MR * NCS) * 4);
  const f = s.f32;
  f.set(Ap.subarray(0, aLen), 0);
  const acc = !!opts.accumulate;
  const rowBias = opts.rowBias;
  const colBias = opts.colBias;
  for (let j0 = 0; j0 < N; j0 += NCS) {
    const nc = Math.min(NCS, N - j0);
    const nP = Math.ceil(nc / 8);
    pack(j0, nc, f, bOff);
    s.gemm(0, bOff * 4, cBase * 4, mP, nP, K, NCS * 4);
    for (let r = 0; r < M; r++) {
      const src = cBase + r * NCS;
      const dst = cOff + r * ldc + j0;
      const rb = rowBias ? rowBias[r] : 0;
      if (!acc && !colBias) {
        if (rb === 0) c.set(f.subarray(src, src + nc), dst);
        else for (let j = 0; j < nc; j++) c[dst + j] = f[src + j] + rb;
      } else {
        for (let j = 0; j < nc; j++) {
          let v = f[src + j] + rb;
          if (colBias) v += colBias[j0 + j];
          c[dst + j] = acc ? c[dst + j] + v : v;
        }
      }
    }
  }
}

/** Packs K x nc of B (from column j0) into 8-column panels at f[off...], zero-padding the last. */
function packB8(b: MatView, K: number, j0: number, nc: number, f: Float32Array, off: number): void {
  const full = nc >> 3;
  const tail = nc - full * 8;
  const stride = K * 8;
  const d = b.data;
  for (let k = 0; k < K; k++) {
    let dst = off + k * 8;
    if (b.cs === 1) {
      let src = b.offset + k * b.rs + j0;
      for (let p = 0; p < full; p++, src += 8, dst += stride) {
        f[dst] = d[src]; f[dst + 1] = d[src + 1]; f[dst + 2] = d[src + 2]; f[dst + 3] = d[src + 3];
        f[dst + 4] = d[src + 4]; f[dst + 5] = d[src + 5]; f[dst + 6] = d[src + 6]; f[dst + 7] = d[src + 7];
      }
      if (tail) for (let q = 0; q < 8; q++) f[dst + q] = q < tail ? d[src + q] : 0;
    } else {
      const base = b.offset + k * b.rs;
      for (let p = 0; p <= full; p++, dst += stride) {
        const n = p < full ? 8 : tail;
        if (n === 0) break;
        for (let q = 0; q < 8; q++) f[dst + q] = q < n ? d[base + (j0 + p * 8 + q) * b.cs] : 0;
      }
    }
  }
}

function gemmJs(
  M: number, N: number, K: number, Ap: Float32Array, b: MatView,
  c: Float32Array, cOff: number, ldc: number,
  opts: { accumulate?: boolean; rowBias?: ArrayLike<number>; colBias?: ArrayLike<number> },
): void {
  const panelsM = Math.ceil(M / MR);
  const bp = new Float32Array(Math.ceil(Math.min(NC, N) / NR) * NR * K);
  const acc = !!opts.accumulate;
  const rowBias = opts.rowBias;
  const colBias = opts.colBias;
  for (let j0 = 0; j0 < N; j0 += NC) {
    const nc = Math.min(NC, N - j0);
    if (b.cs === 1) packBRowMajor(b, K, j0, nc, bp); else packB(b, K, j0, nc, bp);
    const panelsN = Math.ceil(nc / NR);
    for (let pi = 0; pi < panelsM; pi++) {
      const i0 = pi * MR;
      const mr = Math.min(MR, M - i0);
      const aBase = pi * K * MR;
      for (let pj = 0; pj < panelsN; pj++) {
        let pa = aBase;
        let pb = pj * K * NR;
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let k = 0; k < K; k++) {
          const a0 = Ap[pa], a1 = Ap[pa + 1], a2 = Ap[pa + 2], a3 = Ap[pa + 3];
          const b0 = bp[pb], b1 = bp[pb + 1], b2 = bp[pb + 2], b3 = bp[pb + 3];
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
          pa += MR; pb += NR;
        }
        const jj = j0 + pj * NR;
        const nr = Math.min(NR, N - jj);
        const rb0 = rowBias ? rowBias[i0] : 0, rb1 = rowBias && mr > 1 ? rowBias[i0 + 1] : 0;
        const rb2 = rowBias && mr > 2 ? rowBias[i0 + 2] : 0, rb3 = rowBias && mr > 3 ? rowBias[i0 + 3] : 0;
        if (mr === MR && nr === NR && !colBias) {
          const o0 = cOff + i0 * ldc + jj, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc;
          if (acc) {
            c[o0] += c00 + rb0; c[o0 + 1] += c01 + rb0; c[o0 + 2] += c02 + rb0; c[o0 + 3] += c03 + rb0;
            c[o1] += c10 + rb1; c[o1 + 1] += c11 + rb1; c[o1 + 2] += c12 + rb1; c[o1 + 3] += c13 + rb1;
            c[o2] += c20 + rb2; c[o2 + 1] += c21 + rb2; c[o2 + 2] += c22 + rb2; c[o2 + 3] += c23 + rb2;
            c[o3] += c30 + rb3; c[o3 + 1] += c31 + rb3; c[o3 + 2] += c32 + rb3; c[o3 + 3] += c33 + rb3;
          } else {
            c[o0] = c00 + rb0; c[o0 + 1] = c01 + rb0; c[o0 + 2] = c02 + rb0; c[o0 + 3] = c03 + rb0;
            c[o1] = c10 + rb1; c[o1 + 1] = c11 + rb1; c[o1 + 2] = c12 + rb1; c[o1 + 3] = c13 + rb1;
            c[o2] = c20 + rb2; c[o2 + 1] = c21 + rb2; c[o2 + 2] = c22 + rb2; c[o2 + 3] = c23 + rb2;
            c[o3] = c30 + rb3; c[o3 + 1] = c31 + rb3; c[o3 + 2] = c32 + rb3; c[o3 + 3] = c33 + rb3;
          }
          continue;
        }
        const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
        const rbs = [rb0, rb1, rb2, rb3];
        for (let r = 0; r < mr; r++) {
          const o = cOff + (i0 + r) * ldc + jj;
          for (let q = 0; q < nr; q++) {
            let v = tile[r * 4 + q] + rbs[r];
            if (colBias) v += colBias[jj + q];
            c[o + q] = acc ? c[o + q] + v : v;
          }
        }
      }
    }
  }
}

/** Convenience: packs A and runs gemmPacked. */
export function gemm(M: number, N: number, K: number, a: MatView, b: MatView, c: Float32Array, cOff: number, ldc: number, opts?: Parameters<typeof gemmPacked>[8]): void {
  if (M === 0 || N === 0) return;
  gemmPacked(M, N, K, packA(a, M, K), b, c, cOff, ldc, opts);
}

/** float64 GEMM for the float64 paths (simple, exact order). */
export function gemmF64(M: number, N: number, K: number, a: MatView, b: MatView, c: Float64Array, cOff: number, ldc: number): void {
  for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += a.data[a.offset + i * a.rs + k * a.cs] * b.data[b.offset + k * b.rs + j * b.cs];
    c[cOff + i * ldc + j] = s;
  }
}
