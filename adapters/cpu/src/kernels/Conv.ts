import { type NodeQuery, type Tensor, Tensor as T, UnsupportedError, attrInt, attrInts, attrString, windowGeometry } from '@anychip/core';
import { gemmPacked, packA } from '../gemm.js';
import { im2col } from '../im2col.js';
import { defineKernel, expectType, required } from '../kernel.js';

function checkConv(q: NodeQuery): string | undefined {
  const w = q.inputs[1]?.shape;
  if (w && w.length !== 3 && w.length !== 4) return `only 1-D and 2-D convolutions are implemented (weight rank ${w.length})`;
  return undefined;
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
        depthwise(xd, wd, bd, y, N, C, H, W, kh, kw, sh, sw, dh, dw, ph, pw, OH, OW);
      } else {
        const Kg = Cg * kh * kw;
        const P = OH * OW;
        const panels = packWeights(w, Mg, Kg);
        const pointwise = kh === 1 && kw === 1 && sh === 1 && sw === 1 && ph === 0 && pw === 0 && geo.pads[2] === 0 && geo.pads[3] === 0;
        const col = pointwise ? undefined : new Float32Array(Kg * P);
        for (let n = 0; n < N; n++) {
          for (let g = 0; g < group; g++) {
            const xOff = (n * C + g * Cg) * H * W;
            let b;
            if (col) {
              im2col(xd, xOff, Cg, H, W, kh, kw, sh, sw, dh, dw, ph, pw, OH, OW, col);
              b = { data: col, offset: 0, rs: P, cs: 1 };
            } else b = { data: xd, offset: xOff, rs: P, cs: 1 };
            gemmPacked(Mg, P, Kg, panels[g], b, y, (n * M + g * Mg) * P, P, { rowBias: bd ? bd.subarray(g * Mg, (g + 1) * Mg) : undefined });
          }
        }
      }
      const dims = oneD ? [N, M, OH] : [N, M, OH, OW];
      return [new T('float32', y, dims)];
    };
  },
});

function depthwise(
  x: Float32Array, w: Float32Array, b: Float32Array | undefined, y: Float32Array,
  N: number, C: number, H: number, W: number, kh: number, kw: number,
  sh: number, sw: number, dh: number, dw: number, ph: number, pw: number, OH: number, OW: number,
): void {
  // output columns whose whole window lies inside the input: no bounds checks there
  const owLo = Math.min(OW, Math.max(0, Math.ceil(pw / sw)));
  const owHi = Math.max(owLo, Math.min(OW, Math.floor((W - 1 - (kw - 1) * dw + pw) / sw) + 1));
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const xc = (n * C + c) * H * W;
      const yc = (n * C + c) * OH * OW;
      const wc = c * kh * kw;
      const bias = b ? b[c] : 0;
      for (let oh = 0; oh < OH; oh++) {
        const iy0 = oh * sh - ph;
        const kyLo = Math.max(0, Math.ceil(-iy0 / dh));
        const kyHi = Math.min(kh, Math.floor((H - 1 - iy0) / dh) + 1);
        const yr = yc + oh * OW;
        const edge = (ow: number) => {
          const ix0 = ow * sw - pw;
          let s = bias;
          for (let ky = kyLo; ky < kyHi; ky++) {
            const xr = xc + (iy0 + ky * dh) * W;
            const wr = wc + ky * kw;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ix0 + kx * dw;
              if (ix >= 0 && ix < W) s += x[xr + ix] * w[wr + kx];
            }
          }
          y[yr + ow] = s;
        };
        for (let ow = 0; ow < owLo; ow++) edge(ow);
        if (kw === 3 && dw === 1) {
          for (let ow = owLo; ow < owHi; ow++) {
            const ix0 = ow * sw - pw;
            let s = bias;
            for (let ky = kyLo; ky < kyHi; ky++) {
              const xr = xc + (iy0 + ky * dh) * W + ix0;
              const wr = wc + ky * 3;
              s += x[xr] * w[wr] + x[xr + 1] * w[wr + 1] + x[xr + 2] * w[wr + 2];
            }
            y[yr + ow] = s;
          }
        } else {
          for (let ow = owLo; ow < owHi; ow++) {
            const ix0 = ow * sw - pw;
            let s = bias;
            for (let ky = kyLo; ky < kyHi; ky++) {
              const xr = xc + (iy0 + ky * dh) * W + ix0;
              const wr = wc + ky * kw;
              for (let kx = 0; kx < kw; kx++) s += x[xr + kx * dw] * w[wr + kx];
            }
            y[yr + ow] = s;
          }
        }
        for (let ow = Math.max(owHi, owLo); ow < OW; ow++) edge(ow);
      }
    }
  }
}
