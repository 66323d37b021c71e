import { Tensor as T, allocData, attrInt, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { stridedCopy } from '../strided.js';

export const SpaceToDepth = defineKernel({
  opType: 'SpaceToDepth',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const b = attrInt(node, 'blocksize', 1);
    const [N, C, H, W] = x.dims;
    const tmp = [N, C, H / b, b, W / b, b];
    const perm = [0, 3, 5, 1, 2, 4];
    const ts = stridesOf(tmp);
    const out = allocData(x.type, x.size);
    stridedCopy(x.data as ArrayLike<number>, 0, perm.map((p) => tmp[p]), perm.map((p) => ts[p]), out as Float32Array);
    return [new T(x.type, out, [N, C * b * b, H / b, W / b])];
  },
});
