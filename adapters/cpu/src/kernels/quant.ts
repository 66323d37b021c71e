/** Shared quantisation math. Callers round x / scale first, then add the zero point, as the spec does. */
import { BadInputError, type Tensor, bf16ToFloat, floatToBf16, floatToHalf, halfToFloat } from '@anychip/core';
import { roundHalfEven } from '../math.js';

export const RANGE: Record<string, [number, number]> = { uint8: [0, 255], int8: [-128, 127], int32: [-2147483648, 2147483647], uint16: [0, 65535], int16: [-32768, 32767] };

export function saturate(v: number, type: string): number {
  const [lo, hi] = RANGE[type] ?? [-Infinity, Infinity];
  return Math.min(hi, Math.max(lo, roundHalfEven(v)));
}

/** Element i of a tensor as a number (float16/bfloat16 hold raw bits). */
export function numberAt(t: Tensor, i: number): number {
  const v = (t.data as ArrayLike<number | bigint>)[i];
  if (t.type === 'float16') return halfToFloat(v as number);
  if (t.type === 'bfloat16') return bf16ToFloat(v as number);
  return Number(v);
}

/** A float32 number stored as `type` (float32, float16 or bfloat16 bits). */
export function storeFloat(type: string, v: number): number {
  if (type === 'float16') return floatToHalf(v);
  if (type === 'bfloat16') return floatToBf16(v);
  return v;
}

/**
 * Per-tensor, per-axis or blocked parameter lookup (scale or zero point): value for element i
 * of a tensor with dims. blockSize > 0 (opset 21) means p has x's rank and one entry per
 * blockSize elements along `axis`.
 */
export function perAxis(p: Tensor | undefined, dims: readonly number[], axis: number, dflt: number, blockSize = 0): (i: number) => number {
  if (!p || p.size === 0) return () => dflt;
  if (p.size === 1) { const v = numberAt(p, 0); return () => v; }
  const a = axis < 0 ? axis + dims.length : axis;
  if (blockSize > 0) {
    if (p.dims.length !== dims.length) throw new BadInputError(`blocked quantization needs a scale of rank ${dims.length}, got [${p.dims}]`);
    for (let d = 0; d < dims.length; d++) {
      const want = d === a ? Math.ceil(dims[d] / blockSize) : dims[d];
      if (p.dims[d] !== want) throw new BadInputError(`blocked quantization: scale dims [${p.dims}] do not fit input [${dims}] with block_size ${blockSize} on axis ${a}`);
    }
    const inner = dims.slice(a + 1).reduce((x, y) => x * y, 1);
    const D = dims[a], S = p.dims[a];
    const vals = Array.from({ length: p.size }, (_, j) => numberAt(p, j));
    // i = (outer * D + k) * inner + r  ->  p index (outer * S + floor(k / B)) * inner + r
    return (i) => {
      const r = i % inner, q = (i - r) / inner;
      const k = q % D, outer = (q - k) / D;
      return vals[(outer * S + Math.floor(k / blockSize)) * inner + r];
    };
  }
  const inner = dims.slice(a + 1).reduce((x, y) => x * y, 1);
  const vals = Array.from({ length: p.size }, (_, j) => numberAt(p, j));
  return (i) => vals[Math.floor(i / inner) % dims[a]];
}
