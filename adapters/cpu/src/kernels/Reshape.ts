import { BadInputError, attrInt, attrInts, shapeSize } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';

/** Resolves a Reshape target (0 copies a dim unless allowzero, -1 is inferred). */
export function reshapeDims(inDims: readonly number[], target: number[], allowZero: boolean): number[] {
  const out = target.map((d, i) => (d === 0 && !allowZero ? inDims[i] : d));
  const neg = out.indexOf(-1);
  const size = shapeSize(inDims);
  if (neg >= 0) {
    const rest = out.reduce((a, d, i) => (i === neg ? a : a * d), 1);
    if (rest === 0 || size % rest !== 0) throw new BadInputError(`cannot reshape [${inDims}] (${size} elements) to [${target}]`);
    out[neg] = size / rest;
  }
  if (out.some((d) => d < 0 || d === undefined) || shapeSize(out) !== size) throw new BadInputError(`cannot reshape [${inDims}] (${size} elements) to [${target}]`);
  return out;
}

export const Reshape = defineKernel({
  opType: 'Reshape',
  create: ({ node, opset }) => {
    const allowZero = attrInt(node, 'allowzero', 0) === 1;
    return (inputs) => {
      const x = required(node, inputs, 0);
      const target = opset < 5 ? attrInts(node, 'shape') ?? [] : toInts(required(node, inputs, 1))!;
      return [x.reshape(reshapeDims(x.dims, target, allowZero))];
    };
  },
});
