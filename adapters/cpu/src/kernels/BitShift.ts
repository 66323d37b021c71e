import { attrString } from '@anychip/core';
import { binaryKernel } from '../elementwise.js';
import { genericLoops } from '../broadcast.js';
import { defineKernel } from '../kernel.js';

// Shifts of unsigned ints; a shift of the type's width or more gives 0, as in the reference.
const WIDTH: Record<string, number> = { uint8: 8, uint16: 16, uint32: 32 };
export const BitShift = defineKernel({
  opType: 'BitShift',
  types: ['uint8', 'uint16', 'uint32', 'uint64'],
  create: (ctx) => {
    const left = attrString(ctx.node, 'direction', 'LEFT') === 'LEFT';
    const num = (x: number, y: number, t: number) => (y >= t ? 0 : left ? x * 2 ** y : Math.floor(x / 2 ** y));
    const k = (t: number) => binaryKernel('BitShift', { loops: genericLoops((x: number, y: number) => num(x, y, t)), big: (x, y) => (left ? x << y : x >> y), types: ['uint8', 'uint16', 'uint32', 'uint64'] });
    const fns = Object.fromEntries(Object.entries(WIDTH).map(([n, w]) => [n, k(w).create(ctx)]));
    const big = k(64).create(ctx);
    return (inputs) => (fns[inputs[0]!.type] ?? big)(inputs);
  },
});
