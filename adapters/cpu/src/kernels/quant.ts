/** Shared quantisation math. Callers round x / scale first, then add the zero point, as the spec does. */
import type { Tensor } from '@anychip/core';
import { roundHalfEven } from '../math.js';

export const RANGE: Record<string, [number, number]> = { uint8: [0, 255], int8: [-128, 127], int32: [-2147483648, 2147483647], uint16: [0, 65535], int16: [-32768, 32767] };

export function saturate(v: number, type: string): number {
  const [lo, hi] = RANGE[type] ?? [-Infinity, Infinity];
  return Math.min(hi, Math.max(lo, roundHalfEven(v)));
}

/** Per-tensor or per-axis parameter lookup: value for element i of a tensor with dims. */
export function perAxis(p: Tensor | undefined, dims: readonly number[], axis: number, dflt: number): (i: number) => number {
  if (!p || p.size === 0) return () => dflt;
  const d = p.data as ArrayLike<number | bigint>;
  if (p.size === 1) { const v = Number(d[0]); return () => v; }
  const a = axis < 0 ? axis + dims.length : axis;
  const inner = dims.slice(a + 1).reduce((x, y) => x * y, 1);
  return (i) => Number(d[Math.floor(i / inner) % dims[a]]);
}
