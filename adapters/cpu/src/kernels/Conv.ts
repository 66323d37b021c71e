import { type NodeQuery, type Tensor, Tensor as T, UnsupportedError, attrInt, attrInts, attrString, windowGeometry } from '@anychip/core';
import { gemmPacked, gemmPackedBlocks, packA, usesSimd } from '../gemm.js';
import { im2col, im2colPacked } from '../im2col.js';
import { type SimdKernels, simdKernels } from '../wasm/simd.js';
import { convNd, ndWindow } from '../nd.js';
import { defineKernel, expectType, required } from '../kernel.js';

function checkConv(q: NodeQuery): string | undefined {
  const w = q.inputs[1]?.shape;
  if (w && w.length < 3) return `Conv needs a weight of rank >= 3 (got ${w.length})`;
  return undefined;
}

/** Any other rank (3-D convolutions and up): the direct N-d loop. */
function convGeneric(node: Parameters<typeof attrInt>[0], x: Tensor, w: Tensor, bias: Tensor | undefined): Tensor {
  const [N, C] = x.dims;
  const M = w.dims[0];
  const spatial = x.dims.slice(2);
  const win = ndWindow(spatial, attrInts(node, 'kernel_shape') ?? w.dims.slice(2), { strides: attrInts(node, 'strides'), dilations: attrInts(node, 'dilations'), pads: attrInts(node, 'pads'), autoPad: attrString(node, 'auto_pad') });
  const y = new Float32Array(N * M * win.out.reduce((a, b) => a * b, 1));
  convNd(x.data as Float32Array, w.data as Float32Array, bias?.data as Float32Array | undefined, N, C, M, attrInt(node, 'group', 1), win, y);
  return new T('float32', y, [N, M, ...win.out]);
}

/**
 * 2-D convolution (1-D runs as H = 1). Depthwise convolutions run a direct loop; the rest
 * go through im2col and the packed GEMM, with weights packed once at compile time.
 */
export const Conv = defineKernel({
  opType: 'Conv',
  types: ['float32'],
  check: checkConv,
  create: ({ node, constant }) => {
    const group = attrInt(node, 'group', 1);
    let packed: { w: Tensor; panels: Float32Array[] } | undefined;
    const packWeights = (w: Tensor, Mg: number, Kg: number) => {
      if (packed?.w === w) return packed.panels;
      const panels: Float32Array[] = [];
      for (let g = 0; g < group; g++) panels.push(packA({ data: w.data as Float32Array, offset: g * Mg * Kg, rs: Kg, cs: 1 }, Mg, Kg));
      if (constant(1) === w) packed = { w, panels };
      return panels;
    };
    return (inputs) => {
      let x = required(node, inputs, 0);
      let w = required(node, inputs, 1);
      const bias = inputs[2];
      expectType(node, x, ['float32']);
      expectType(node, w, ['float32'], 'weight');
      if (x.dims.length > 4) return [convGeneric(node, x, w, bias)];
      const oneD = x.dims.length === 3;
      if (oneD) { x = x.reshape([...x.dims, 1]); w = w.reshape([...w.dims, 1]); }
      if (x.dims.length !== 4) throw new UnsupportedError(`Conv on cpu supports 1-D and 2-D inputs, got rank ${x.dims.length}`);
      const [N, C, H, W] = x.dims;
      const [M, Cg, kh, kw] = w.dims;
      if (C !== Cg * group) throw new UnsupportedError(`Conv '${node.name}': input has ${C} channels, weight expects ${Cg} x group ${group}`);
      const ks = attrInts(node, 'kernel_shape');
      const ext = (a: number[] | undefined, fill: number, n: number) => (a ? (oneD ? [...a, fill] : a) : new Array<number>(n).fill(fill));
      const pads0 = attrInts(node, 'pads');
      const pads = pads0 ? (oneD ? [pads0[0], 0, pads0[1], 0] : pads0) : undefined;
      const geo = windowGeometry([H, W], ks ? ext(ks, 1, 2) : [kh, kw], { strides: ext(attrInts(node, 'strides'), 1, 2), dilations: ext(attrInts(node, 'dilations'), 1, 2), pads, autoPad: attrString(node, 'auto_pad') });
      const [OH, OW] = geo.out;
      const [sh, sw] = geo.strides;
      const [dh, dw] = geo.dilations;
      const [ph, pw] = geo.pads;
      const y = new Float32Array(N * M * OH * OW);
      const xd = x.data as Float32Array;
      const wd = w.data as Float32Array;
      const bd = bias ? (bias.data as Float32Array) : undefined;
      const Mg = M / group;
      if (Cg === 1 && Mg === 1) {
        const simd = usesSimd() ? simdKernels() : null;
        if (simd) depthwiseSimd(simd, xd, wd, bd, y, N, C, H, W, kh, kw, sh, sw, dh, dw, ph, pw, OH, OW);
        else depthwise(xd, wd, bd, y, N, C, H, W, kh, kw, sh, sw, dh, dw, ph, pw, OH, OW);
      } else {
        const Kg = Cg * kh * kw;
        const P = OH * OW;
        const panels = packWeights(w, Mg, Kg);
        const pointwise = kh === 1 && kw === 1 && sh === 1 && sw === 1 && ph === 0 && pw === 0 && geo.pads[2] === 0 && geo.pads[3] === 0;
        let col: Float32Array | undefined;
        for (let n = 0; n < N; n++) {
          for (let g = 0; g < group; g++) {
            const xOff = (n * C + g * Cg) * H * W;
            const yOff = (n * M + g * Mg) * P;
            const rowBias = bd ? bd.subarray(g * Mg, (g + 1) * Mg) : undefined;
            if (!pointwise && gemmPackedBlocks(Mg, P, Kg, panels[g], (j0, nc, f, off) => im2colPacked(xd, xOff, Cg, H, W, kh, kw, sh, sw, dh, dw, ph, pw, OW, j0, nc, f, off), y, yOff, P, { rowBias })) continue;
            if (!pointwise) col ??= new Float32Array(Kg * P);
            let b;
            if (col) {
              im2col(xd, xOff, Cg, H, W, kh, kw, sh, sw, dh, dw, ph, pw, OH, OW, col);
              b = { data: col, offset: 0, rs: P, cs: 1 };
            } else b = { data: xd, offset: xOff, rs: P, cs: 1 };
            gemmPacked(Mg, P, Kg, panels[g], b, y, yOff, P, { rowBias });
          }
        }
      }
      const dims = oneD ? [N, M, OH] : [N, M, OH, OW];
      return [new T('float32', y, dims)];
    };
  },
});

/**
 * Depthwise convolution (one input and one output channel per group). Each channel is
 * copied once into a zero-padded plane, so the window loops run without bounds checks;
 * the 3x3 and 5x5 stride-1 cases are unrolled.
 */
function depthwise(
  x: Float32Array, w: Float32Array, b: Float32Array | undefined, y: Float32Array,
  N: number, C: number, H: number, W: number, kh: number, kw: number,
  sh: number, sw: number, dh: number, dw: number, ph: number, pw: number, OH: number, OW: number,
): void {
  const PH = (OH - 1) * sh + (kh - 1) * dh + 1;
  const PW = (OW - 1) * sw + (kw - 1) * dw + 1;
  const plane = new Float32Array(PH * PW);
  // rows/cols of the padded plane that hold input data
  const r0 = Math.max(0, ph), r1 = Math.min(PH, ph + H);
  const c0 = Math.max(0, pw), c1 = Math.min(PW, pw + W);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xc = (n * C + c) * H * W;
      plane.fill(0);
      for (let r = r0; r < r1; r++) {
        const src = xc + (r - ph) * W + (c0 - pw);
        plane.set(x.subarray(src, src + (c1 - c0)), r * PW + c0);
      }
      const yc = (n * C + c) * OH * OW;
      const wc = c * kh * kw;
      const bias = b ? b[c] : 0;
      if (sw === 1 && dw === 1 && dh === 1 && kw === 3 && kh === 3) {
        const w0 = w[wc], w1 = w[wc + 1], w2 = w[wc + 2], w3 = w[wc + 3], w4 = w[wc + 4], w5 = w[wc + 5], w6 = w[wc + 6], w7 = w[wc + 7], w8 = w[wc + 8];
        for (let oh = 0; oh < OH; oh++) {
          let p0 = oh * sh * PW;
          let p1 = p0 + PW;
          let p2 = p1 + PW;
          const yr = yc + oh * OW;
          for (let ow = 0; ow < OW; ow++, p0++, p1++, p2++) {
            y[yr + ow] = bias
              + plane[p0] * w0 + plane[p0 + 1] * w1 + plane[p0 + 2] * w2
              + plane[p1] * w3 + plane[p1 + 1] * w4 + plane[p1 + 2] * w5
              + plane[p2] * w6 + plane[p2 + 1] * w7 + plane[p2 + 2] * w8;
          }
        }
        continue;
      }
      // general: accumulate one kernel tap at a time over a whole output row
      for (let oh = 0; oh < OH; oh++) {
        const yr = yc + oh * OW;
        y.fill(bias, yr, yr + OW);
        for (let ky = 0; ky < kh; ky++) {
          const prow = (oh * sh + ky * dh) * PW;
          for (let kx = 0; kx < kw; kx++) {
            const wv = w[wc + ky * kw + kx];
            let p = prow + kx * dw;
            if (sw === 1) for (let ow = 0; ow < OW; ow++) y[yr + ow] += wv * plane[p + ow];
            else for (let ow = 0; ow < OW; ow++, p += sw) y[yr + ow] += wv * plane[p];
          }
        }
      }
    }
  }
}

/**
 * Depthwise convolution on the WASM SIMD kernel: four channels at a time are
 * interleaved into a zero-padded plane (one f32x4 per pixel), convolved, and split back.
 */
function depthwiseSimd(
  s: SimdKernels, x: Float32Array, w: Float32Array, b: Float32Array | undefined, y: Float32Array,
  N: number, C: number, H: number, W: number, kh: number, kw: number,
  sh: number, sw: number, dh: number, dw: number, ph: number, pw: number, OH: number, OW: number,
): void {
  const PH = (OH - 1) * sh + (kh - 1) * dh + 1;
  const PW = (OW - 1) * sw + (kw - 1) * dw + 1;
  const xLen = PH * PW * 4, wLen = kh * kw * 4, yLen = OH * OW * 4;
  const W0 = xLen, B0 = W0 + wLen, Y0 = B0 + 4;
  s.reserve((Y0 + yLen) * 4);
  const f = s.f32;
  const rows = Math.min(H, PH - ph), cols = Math.min(W, PW - pw);
  const taps = kh * kw;
  for (let n = 0; n < N; n++) {
    for (let c0 = 0; c0 < C; c0 += 4) {
      const lanes = Math.min(4, C - c0);
      f.fill(0, 0, Y0);
      for (let ch = 0; ch < lanes; ch++) {
        const c = c0 + ch;
        const xc = (n * C + c) * H * W;
        for (let r = 0; r < rows; r++) {
          let dst = ((r + ph) * PW + pw) * 4 + ch;
          const src = xc + r * W;
          for (let col = 0; col < cols; col++, dst += 4) f[dst] = x[src + col];
        }
        for (let t = 0; t < taps; t++) f[W0 + t * 4 + ch] = w[c * taps + t];
        f[B0 + ch] = b ? b[c] : 0;
      }
      s.dw4(0, W0 * 4, B0 * 4, Y0 * 4, OH, OW, kh, kw, sh * PW * 16, sw * 16, dh * PW * 16, dw * 16);
      for (let ch = 0; ch < lanes; ch++) {
        const yc = (n * C + c0 + ch) * OH * OW;
        for (let i = 0, src = Y0 + ch; i < OH * OW; i++, src += 4) y[yc + i] = f[src];
      }
    }
  }
}
