import { attrInt } from '@anychip/core';
import { ALL_NUMERIC, binaryKernel } from '../elementwise.js';
import { genericLoops } from '../broadcast.js';
import { defineKernel } from '../kernel.js';

// fmod=0: the result takes the divisor's sign (Python %); fmod=1: the dividend's (C fmod).
export const Mod = defineKernel({
  opType: 'Mod',
  types: ALL_NUMERIC,
  create: (ctx) => {
    const fmod = attrInt(ctx.node, 'fmod', 0) === 1;
    const num = fmod ? (x: number, y: number) => x % y : (x: number, y: number) => { const r = x % y; return r !== 0 && (r < 0) !== (y < 0) ? r + y : r; };
    const big = fmod ? (x: bigint, y: bigint) => (y === 0n ? 0n : x % y) : (x: bigint, y: bigint) => { if (y === 0n) return 0n; const r = x % y; return r !== 0n && (r < 0n) !== (y < 0n) ? r + y : r; };
    return binaryKernel('Mod', { loops: genericLoops(num), big }).create(ctx);
  },
});
