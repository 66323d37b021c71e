import { type DataType, Tensor as T, attrInt, attrInts, normalizeAxis, stridesOf } from '@anychip/core';
import { defineKernel, expectType, required, toInts } from '../kernel.js';

type Acc = { init: number; step: (acc: number, v: number) => number; done: (acc: number, n: number) => number };

/** A reduction over any set of axes; axes come from the attribute or (newer opsets) input 1. */
export function reduceKernel(opType: string, axesInputSince: number, acc: Acc, types: readonly DataType[] = ['float32', 'float64', 'int32']) {
  return defineKernel({
    opType, types,
    create: ({ node, opset }) => {
      const keep = attrInt(node, 'keepdims', 1) === 1;
      const noopEmpty = attrInt(node, 'noop_with_empty_axes', 0) === 1;
      return (inputs) => {
        const x = required(node, inputs, 0);
        expectType(node, x, types);
        const r = x.dims.length;
        let axes = opset >= axesInputSince ? toInts(inputs[1]) : attrInts(node, 'axes');
        if (!axes || axes.length === 0) {
          if (noopEmpty) return [x];
          axes = x.dims.map((_, i) => i);
        }
        const red = new Set(axes.map((a) => normalizeAxis(a, r)));
        const outDims = x.dims.map((d, i) => (red.has(i) ? 1 : d));
        const os = stridesOf(outDims);
        // strides that map an input index to its output slot (0 on reduced axes)
        const map = x.dims.map((_, i) => (red.has(i) ? 0 : os[i]));
        let outN = 1;
        for (const d of outDims) outN *= d;
        const accs = new Float64Array(outN).fill(acc.init);
        let count = 1;
        for (const a of red) count *= x.dims[a];
        const xd = x.data as Float32Array;
        const idx = new Array<number>(r).fill(0);
        let o = 0;
        for (let i = 0; i < x.size; i++) {
          accs[o] = acc.step(accs[o], xd[i]);
          for (let d = r - 1; d >= 0; d--) {
            o += map[d];
            if (++idx[d] < x.dims[d]) break;
            o -= map[d] * x.dims[d];
            idx[d] = 0;
          }
        }
        const y = x.type === 'float64' ? new Float64Array(outN) : x.type === 'int32' ? new Int32Array(outN) : new Float32Array(outN);
        for (let i = 0; i < outN; i++) y[i] = acc.done(accs[i], count);
        const dims = keep ? outDims : x.dims.filter((_, i) => !red.has(i));
        return [new T(x.type, y, dims)];
      };
    },
  });
}
