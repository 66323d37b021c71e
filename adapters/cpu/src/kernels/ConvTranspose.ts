import { Tensor as T, UnsupportedError, attrInt, attrInts, attrString } from '@anychip/core';
import { gemm } from '../gemm.js';
import { col2imAdd } from '../im2col.js';
import { defineKernel, expectType, required } from '../kernel.js';

/**
 * 2-D transposed convolution: per group, cols = W^T x X by GEMM, then col2im
 * scatter-adds the columns into the output (the adjoint of Conv's im2col).
 */
export const ConvTranspose = defineKernel({
  opType: 'ConvTranspose',
  types: ['float32'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const w = required(node, inputs, 1);
    const bias = inputs[2];
    expectType(node, x, ['float32']);
    if (x.dims.length !== 4) return [convTransposeNd(node, x, w, bias)];
    if (x.dims.length !== 4) throw new UnsupportedError(`ConvTranspose on cpu supports 2-D inputs, got rank ${x.dims.length}`);
    const group = attrInt(node, 'group', 1);
    const [N, C, H, W] = x.dims;
    const [Cw, Mg, kh, kw] = w.dims;
    if (Cw !== C) throw new UnsupportedError(`ConvTranspose '${node.name}': input has ${C} channels, weight has ${Cw}`);
    const Cg = C / group;
    const M = Mg * group;
    const [sh, sw] = attrInts(node, 'strides') ?? [1, 1];
    const [dh, dw] = attrInts(node, 'dilations') ?? [1, 1];
    const outPad = attrInts(node, 'output_padding') ?? [0, 0];
    const autoPad = attrString(node, 'auto_pad', 'NOTSET');
    let pads = attrInts(node, 'pads') ?? [0, 0, 0, 0];
    const outShape = attrInts(node, 'output_shape');
    const full = [0, 1].map((i) => [sh, sw][i] * ([H, W][i] - 1) + outPad[i] + ([kh, kw][i] - 1) * [dh, dw][i] + 1);
    let OH = full[0] - pads[0] - pads[2];
    let OW = full[1] - pads[1] - pads[3];
    if (outShape || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const target = outShape ? outShape.slice(-2) : [H * sh, W * sw];
      pads = [0, 0, 0, 0];
      for (let i = 0; i < 2; i++) {
        const total = full[i] - target[i];
        const lo = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
        pads[i] = lo; pads[i + 2] = total - lo;
      }
      [OH, OW] = target;
    }
    const y = new Float32Array(N * M * OH * OW);
    const xd = x.data as Float32Array;
    const wd = w.data as Float32Array;
    const HW = H * W;
    const Kc = Mg * kh * kw;
    const col = new Float32Array(Kc * HW);
    for (let n = 0; n < N; n++) {
      for (let g = 0; g < group; g++) {
        // W_g is [Cg, Mg*kh*kw]; cols = W_g^T [Kc x Cg] x X_g [Cg x HW]
        gemm(Kc, HW, Cg, { data: wd, offset: g * Cg * Kc, rs: 1, cs: Kc }, { data: xd, offset: (n * C + g * Cg) * HW, rs: HW, cs: 1 }, col, 0, HW);
        col2imAdd(col, Mg, H, W, kh, kw, sh, sw, dh, dw, pads[0], pads[1], OH, OW, y, (n * M + g * Mg) * OH * OW);
      }
      if (bias) {
        const bd = bias.data as Float32Array;
        for (let m = 0; m < M; m++) {
          const o = (n * M + m) * OH * OW;
          for (let i = 0; i < OH * OW; i++) y[o + i] += bd[m];
        }
      }
    }
    return [new T('float32', y, [N, M, OH, OW])];
  },
});

/** Transposed convolution of any rank: scatter each input element through the kernel. */
function convTransposeNd(node: Parameters<typeof attrInt>[0], x: T, w: T, bias: T | undefined): T {
  const group = attrInt(node, 'group', 1);
  const [N, C] = x.dims;
  const Mg = w.dims[1];
  const M = Mg * group;
  const sp = x.dims.slice(2);
  const ks = w.dims.slice(2);
  const r = sp.length;
  const strides = attrInts(node, 'strides') ?? sp.map(() => 1);
  const dil = attrInts(node, 'dilations') ?? sp.map(() => 1);
  const outPad = attrInts(node, 'output_padding') ?? sp.map(() => 0);
  let pads = attrInts(node, 'pads') ?? new Array<number>(2 * r).fill(0);
  const full = sp.map((d, i) => strides[i] * (d - 1) + outPad[i] + (ks[i] - 1) * dil[i] + 1);
  const outShape = attrInts(node, 'output_shape');
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  let out = full.map((f, i) => f - pads[i] - pads[i + r]);
  if (outShape || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    out = outShape ? outShape.slice(-r) : sp.map((d, i) => d * strides[i]);
    pads = new Array<number>(2 * r).fill(0);
    out.forEach((o, i) => { const total = full[i] - o; const lo = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2); pads[i] = lo; pads[i + r] = total - lo; });
  }
  const inN = sp.reduce((a, b) => a * b, 1), kN = ks.reduce((a, b) => a * b, 1), outN = out.reduce((a, b) => a * b, 1);
  const y = new Float64Array(N * M * outN);
  const xd = x.data as Float32Array, wd = w.data as Float32Array;
  const Cg = C / group;
  const ii = new Array<number>(r), ki = new Array<number>(r);
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) {
    const g = Math.floor(c / Cg);
    for (let i = 0; i < inN; i++) {
      let t = i;
      for (let d = r - 1; d >= 0; d--) { ii[d] = t % sp[d]; t = Math.floor(t / sp[d]); }
      const xv = xd[(n * C + c) * inN + i];
      for (let k = 0; k < kN; k++) {
        let u = k;
        for (let d = r - 1; d >= 0; d--) { ki[d] = u % ks[d]; u = Math.floor(u / ks[d]); }
        let off = 0, inside = true;
        for (let d = 0; d < r; d++) {
          const p = ii[d] * strides[d] + ki[d] * dil[d] - pads[d];
          if (p < 0 || p >= out[d]) { inside = false; break; }
          off = off * out[d] + p;
        }
        if (!inside) continue;
        for (let m = 0; m < Mg; m++) y[(n * M + g * Mg + m) * outN + off] += xv * wd[(c * Mg + m) * kN + k];
      }
    }
  }
  if (bias) { const bd = bias.data as Float32Array; for (let n = 0; n < N; n++) for (let m = 0; m < M; m++) for (let o = 0; o < outN; o++) y[(n * M + m) * outN + o] += bd[m]; }
  return new T('float32', Float32Array.from(y), [N, M, ...out]);
}
