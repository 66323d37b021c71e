import { Tensor as T, attrFloat, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { alignedStrides } from '../broadcast.js';
import { defineKernel, required } from '../kernel.js';

/** Normalises over dims [axis, rank); Scale and B broadcast onto those dims. Outputs Y, Mean, InvStdDev. */
export const LayerNormalization = defineKernel({
  opType: 'LayerNormalization',
  types: ['float32', 'float64'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const scale = required(node, inputs, 1);
    const bias = inputs[2];
    const r = x.dims.length;
    const axis = normalizeAxis(attrInt(node, 'axis', -1), r);
    const eps = attrFloat(node, 'epsilon', 1e-5);
    const outer = shapeSize(x.dims.slice(0, axis));
    const inner = shapeSize(x.dims.slice(axis));
    const nd = x.dims.slice(axis);
    const sMap = alignedStrides(scale.dims, nd.length), bMap = bias ? alignedStrides(bias.dims, nd.length) : [];
    const ns = nd.map((_, i) => shapeSize(nd.slice(i + 1)));
    const off = (m: number[], j: number) => { let o = 0; for (let d = 0; d < nd.length; d++) o += Math.floor(j / ns[d]) % nd[d] * m[d]; return o; };
    const xd = x.data as Float32Array, sd = scale.data as Float32Array, bd = bias?.data as Float32Array | undefined;
    const Ctor = x.type === 'float64' ? Float64Array : Float32Array;
    const y = new Ctor(x.size), mean = new Ctor(outer), inv = new Ctor(outer);
    for (let o = 0; o < outer; o++) {
      let m = 0;
      for (let j = 0; j < inner; j++) m += xd[o * inner + j];
      m /= inner;
      let v = 0;
      for (let j = 0; j < inner; j++) { const d = xd[o * inner + j] - m; v += d * d; }
      const is = 1 / Math.sqrt(v / inner + eps);
      mean[o] = m; inv[o] = is;
      for (let j = 0; j < inner; j++) y[o * inner + j] = (xd[o * inner + j] - m) * is * sd[off(sMap, j)] + (bd ? bd[off(bMap, j)] : 0);
    }
    const statDims = [...x.dims.slice(0, axis), ...nd.map(() => 1)];
    return [new T(x.type, y, x.dims), new T(x.type, mean, statDims), new T(x.type, inv, statDims)];
  },
});
