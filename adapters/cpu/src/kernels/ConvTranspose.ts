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
  check: (q) => {
    const w = q.inputs[1]?.shape;
    return w && w.length !== 4 ? `only 2-D transposed convolutions are implemented (weight rank ${w.length})` : undefined;
  },
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const w = required(node, inputs, 1);
    const bias = inputs[2];
    expectType(node, x, ['float32']);
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
