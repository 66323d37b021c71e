import { Tensor as T, attrInt, normalizeAxis, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

export const CumSum = defineKernel({
  opType: 'CumSum',
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const axis = normalizeAxis(Number((required(node, inputs, 1).data as BigInt64Array)[0]), x.dims.length);
    const excl = attrInt(node, 'exclusive', 0) === 1;
    const rev = attrInt(node, 'reverse', 0) === 1;
    const outer = shapeSize(x.dims.slice(0, axis)), A = x.dims[axis], inner = shapeSize(x.dims.slice(axis + 1));
    const out = (x.data as Float32Array).slice() as unknown as any[];
    const xd = x.data as unknown as any[];
    const zero = x.type === 'int64' || x.type === 'uint64' ? 0n : 0;
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
      let acc: any = zero;
      for (let k = 0; k < A; k++) {
        const a = rev ? A - 1 - k : k;
        const at = (o * A + a) * inner + i;
        if (excl) { out[at] = acc; acc += xd[at]; } else { acc += xd[at]; out[at] = acc; }
      }
    }
    return [new T(x.type, out as never, x.dims)];
  },
});
