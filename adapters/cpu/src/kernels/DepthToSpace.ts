import { Tensor as T, allocData, attrInt, attrString, stridesOf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';
import { stridedCopy } from '../strided.js';

/** DepthToSpace as a reshape + transpose + reshape, per its spec (DCR and CRD modes). */
export const DepthToSpace = defineKernel({
  opType: 'DepthToSpace',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const b = attrInt(node, 'blocksize', 1);
    const crd = attrString(node, 'mode', 'DCR') === 'CRD';
    const [N, C, H, W] = x.dims;
    const c = C / (b * b);
    const tmp = crd ? [N, c, b, b, H, W] : [N, b, b, c, H, W];
    const perm = crd ? [0, 1, 4, 2, 5, 3] : [0, 3, 4, 1, 5, 2];
    const ts = stridesOf(tmp);
    const out = allocData(x.type, x.size);
    stridedCopy(x.data as ArrayLike<number>, 0, perm.map((p) => tmp[p]), perm.map((p) => ts[p]), out as Float32Array);
    return [new T(x.type, out, [N, c, H * b, W * b])];
  },
});
