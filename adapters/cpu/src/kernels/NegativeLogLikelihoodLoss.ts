import { Tensor as T, attrInt, attrString, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

/**
 * loss[n, d] = -input[n, target[n, d], d] * weight[target[n, d]], zero where target is
 * ignore_index; reduced by none, sum, or mean (divided by the summed weights).
 */
export function nll(input: T, target: T, weight: T | undefined, reduction: string, ignore: number | undefined): T {
  const [N, C] = input.dims;
  const D = shapeSize(input.dims.slice(2));
  const x = input.data as Float32Array, tg = target.data as ArrayLike<number | bigint>, w = weight?.data as Float32Array | undefined;
  const Ctor = input.type === 'float64' ? Float64Array : Float32Array;
  const loss = new Ctor(N * D);
  let wsum = 0;
  for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) {
    const c = Number(tg[n * D + d]);
    if (c === ignore) continue;
    const wt = w ? w[c] : 1;
    loss[n * D + d] = -x[(n * C + c) * D + d] * wt;
    wsum += wt;
  }
  if (reduction === 'none') return new T(input.type, loss, target.dims);
  let s = 0;
  for (let i = 0; i < loss.length; i++) s += loss[i];
  return new T(input.type, new Ctor([reduction === 'mean' ? s / wsum : s]), []);
}

export const NegativeLogLikelihoodLoss = defineKernel({
  opType: 'NegativeLogLikelihoodLoss',
  types: ['float32', 'float64'],
  create: ({ node }) => {
    const reduction = attrString(node, 'reduction', 'mean');
    const ignore = node.attributes.ignore_index ? attrInt(node, 'ignore_index', 0) : undefined;
    return (inputs) => [nll(required(node, inputs, 0), required(node, inputs, 1), inputs[2], reduction, ignore)];
  },
});
