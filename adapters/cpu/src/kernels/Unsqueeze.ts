import { attrInts, normalizeAxis } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';

export const Unsqueeze = defineKernel({
  opType: 'Unsqueeze',
  create: ({ node, opset }) => (inputs) => {
    const x = required(node, inputs, 0);
    const axes = (opset >= 13 ? toInts(inputs[1]) : attrInts(node, 'axes')) ?? [];
    const r = x.dims.length + axes.length;
    const set = new Set(axes.map((a) => normalizeAxis(a, r)));
    const dims: number[] = [];
    let j = 0;
    for (let i = 0; i < r; i++) dims.push(set.has(i) ? 1 : x.dims[j++]);
    return [x.reshape(dims)];
  },
});
