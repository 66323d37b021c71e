import { Tensor as T, allocData, attrInt, dtypeFromOnnx, floatToBf16, floatToHalf } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const EyeLike = defineKernel({
  opType: 'EyeLike',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const t = dtypeFromOnnx(attrInt(node, 'dtype', 0)) ?? x.type;
    const k = attrInt(node, 'k', 0);
    const [R, C] = x.dims;
    const out = allocData(t, R * C) as unknown as unknown[];
    // float16/bfloat16 hold raw bits: store the bits of 1.0 (bfloat16 is allowed from opset 22)
    const one = t === 'int64' || t === 'uint64' ? 1n : t === 'float16' ? floatToHalf(1) : t === 'bfloat16' ? floatToBf16(1) : 1;
    for (let i = 0; i < R; i++) { const j = i + k; if (j >= 0 && j < C) out[i * C + j] = one; }
    return [new T(t, out as never, [R, C])];
  },
});
