import { Tensor as T, allocData, isBigInt } from '@anychip/core';
import { broadcastBinary, genericLoops } from '../broadcast.js';
import { binaryKernel } from '../elementwise.js';
import { defineKernel, required } from '../kernel.js';

const sameType = binaryKernel('Pow', {
  types: ['float32', 'float64', 'int32', 'int64'],
  loops: {
    f: (x, y) => Math.pow(x, y),
    vv: (o, a, b, n, oo, ao, bo) => { for (let i = 0; i < n; i++) o[oo + i] = Math.pow(a[ao + i], b[bo + i]); },
    // x^2 is the common case (variance in LayerNorm-style graphs): multiply, as the spec's reference does
    vs: (o, a, s, n, oo, ao) => {
      if (s === 2) { for (let i = 0; i < n; i++) { const v = a[ao + i]; o[oo + i] = v * v; } return; }
      for (let i = 0; i < n; i++) o[oo + i] = Math.pow(a[ao + i], s);
    },
    sv: (o, s, b, n, oo, bo) => { for (let i = 0; i < n; i++) o[oo + i] = Math.pow(s, b[bo + i]); },
  },
  big: (x, y) => (y < 0n ? (x === 1n ? 1n : 0n) : x ** y),
});

// Pow(T, T1): the exponent may have another type (opset 12+); the result has the base's type.
const mixed = genericLoops((x: number, y: number) => Math.pow(x, y));
export const Pow = defineKernel({
  opType: 'Pow',
  types: ['float32', 'float64', 'int32', 'int64'],
  create: (ctx) => {
    const same = sameType.create(ctx);
    return (inputs) => {
      const a = required(ctx.node, inputs, 0);
      const b = required(ctx.node, inputs, 1);
      if (a.type === b.type) return same(inputs);
      const num = (t: T) => (isBigInt(t.type) ? new T('float64', Float64Array.from(t.data as BigInt64Array, Number), t.dims) : t);
      const r = broadcastBinary(num(a), num(b), 'float64', mixed);
      const out = allocData(a.type, r.size) as unknown as (number | bigint)[];
      const rd = r.data as Float64Array;
      for (let i = 0; i < r.size; i++) out[i] = isBigInt(a.type) ? BigInt(Math.trunc(rd[i])) : rd[i];
      return [new T(a.type, out as never, r.dims)];
    };
  },
});
