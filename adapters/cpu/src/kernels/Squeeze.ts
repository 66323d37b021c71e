import { BadInputError, attrInts, normalizeAxis } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';

export const Squeeze = defineKernel({
  opType: 'Squeeze',
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const axes = opset >= 13 ? toInts(inputs[1]) : attrInts(node, 'axes');
    const r = x.dims.length;
    const drop = new Set((axes ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => normalizeAxis(a, r)));
    for (const a of drop) if (x.dims[a] !== 1) throw new BadInputError(`Squeeze: axis ${a} of [${x.dims}] is ${x.dims[a]}, not 1`);
    return [x.reshape(x.dims.filter((_, i) => !drop.has(i)))];
  },
});
