import { Tensor as T, allocData, attrTensor, shapeSize } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';

export const ConstantOfShape = defineKernel({
  opType: 'ConstantOfShape',
  create: ({ node }) => {
    const v = attrTensor(node, 'value') ?? new T('float32', [0], [1]);
    return (inputs) => {
      const dims = toInts(required(node, inputs, 0))!;
      const out = allocData(v.type, shapeSize(dims)) as unknown as unknown[];
      out.fill((v.data as unknown as unknown[])[0]);
      return [new T(v.type, out as never, dims)];
    };
  },
});
