import { type KernelDef, defineKernel, required } from '../kernel.js';
import { Tensor as T, allocData, attrInt, dtypeFromOnnx } from '@anychip/core';

/** A generalised cosine window: sum_k (-1)^k a_k cos(2 pi k n / N), N = size (periodic) or size - 1. */
export function cosineWindow(opType: string, a: number[]): KernelDef {
  return defineKernel({
    opType,
    create: ({ node }) => (inputs) => {
      const size = Number((required(node, inputs, 0).data as BigInt64Array)[0]);
      const periodic = attrInt(node, 'periodic', 1) === 1;
      const t = dtypeFromOnnx(attrInt(node, 'output_datatype', 1)) ?? 'float32';
      const N = periodic ? size : size - 1;
      const out = allocData(t, size) as unknown as number[];
      for (let n = 0; n < size; n++) {
        let v = 0;
        a.forEach((c, k) => { v += (k % 2 ? -1 : 1) * c * Math.cos((2 * Math.PI * k * n) / N); });
        out[n] = v;
      }
      return [new T(t, out as never, [size])];
    },
  });
}
