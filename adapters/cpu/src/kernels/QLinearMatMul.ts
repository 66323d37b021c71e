import { type NodeQuery, Tensor as T, UnsupportedError, allocData } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { intMatMul } from './intmath.js';
import { roundHalfEven } from '../math.js';
import { numberAt, saturate } from './quant.js';

// a_scale, b_scale, y_scale, y_zero_point: per tensor only (a and b zero points may be per row / column)
const SCALARS = [1, 4, 6, 7];
const NOT_SCALAR = 'QLinearMatMul on cpu takes per-tensor (one-element) scales and output zero point';

function check(q: NodeQuery): string | undefined {
  for (const i of SCALARS) {
    const s = q.inputs[i]?.shape;
    if (s && s.every((d) => typeof d === 'number') && (s as number[]).reduce((a, b) => a * b, 1) !== 1) return NOT_SCALAR;
  }
  return undefined;
}

export const QLinearMatMul = defineKernel({
  opType: 'QLinearMatMul',
  check,
  create: ({ node }) => (inputs) => {
    const [a, as, az, b, bs, bz, ys, yz] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => required(node, inputs, i));
    if ([as, bs, ys, yz].some((t) => t.size !== 1)) throw new UnsupportedError(NOT_SCALAR);
    const r = intMatMul(a, b, az, bz);
    // scales are float32, or (opset 21) float16/bfloat16
    const sa = numberAt(as, 0), sb = numberAt(bs, 0), sy = numberAt(ys, 0);
    const zy = Number((yz.data as Uint8Array)[0]);
    const y = allocData(yz.type, r.data.length) as Uint8Array;
    for (let i = 0; i < r.data.length; i++) y[i] = saturate(roundHalfEven((r.data[i] * sa * sb) / sy) + zy, yz.type);
    return [new T(yz.type, y as never, r.dims)];
  },
});
