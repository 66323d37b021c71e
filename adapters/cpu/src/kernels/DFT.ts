import { BadInputError, Tensor as T, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';

/**
 * DFT along one axis of a real ([..., 1]) or complex ([..., 2]) signal, in float64. The axis is
 * an attribute (default 1) at opset 17 and an optional scalar input 2 (default -2, counted over
 * the full rank, the last dim holding the complex parts) from opset 20.
 */
export const DFT = defineKernel({
  opType: 'DFT',
  types: ['float32', 'float64'],
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const r = x.dims.length;
    let axis: number;
    if (opset >= 20) {
      const a = inputs[2]?.size ? toInts(inputs[2])![0] : -2;
      axis = a < 0 ? a + r : a;
      if (axis < 0 || axis > r - 2) throw new BadInputError(`DFT axis ${a} is out of range for rank ${r} (the last dim holds the complex parts)`);
    } else axis = normalizeAxis(attrInt(node, 'axis', 1), r - 1);
    const inverse = attrInt(node, 'inverse', 0) === 1;
    const onesided = attrInt(node, 'onesided', 0) === 1;
    const complexIn = x.dims[r - 1] === 2;
    const L = x.dims[axis];
    const n = inputs[1] ? toInts(inputs[1])![0] : L;
    const K = onesided ? Math.floor(n / 2) + 1 : n;
    const outer = shapeSize(x.dims.slice(0, axis)), inner = shapeSize(x.dims.slice(axis + 1, r - 1));
    const c = complexIn ? 2 : 1;
    const xd = x.data as Float32Array;
    const out = new Float64Array(outer * K * inner * 2);
    const sign = inverse ? 1 : -1;
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) for (let k = 0; k < K; k++) {
      let re = 0, im = 0;
      for (let t = 0; t < Math.min(n, L); t++) {
        const at = ((o * L + t) * inner + i) * c;
        const xr = xd[at], xi = complexIn ? xd[at + 1] : 0;
        const ang = (sign * 2 * Math.PI * k * t) / n;
        re += xr * Math.cos(ang) - xi * Math.sin(ang);
        im += xr * Math.sin(ang) + xi * Math.cos(ang);
      }
      const at = ((o * K + k) * inner + i) * 2;
      out[at] = inverse ? re / n : re;
      out[at + 1] = inverse ? im / n : im;
    }
    const dims = [...x.dims.slice(0, r - 1), 2];
    dims[axis] = K;
    return [new T(x.type, x.type === 'float64' ? out : Float32Array.from(out), dims)];
  },
});
