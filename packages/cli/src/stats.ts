import { type Tensor, seededUniform } from '@anychip/core';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(t: Tensor) {
  const n = t.size;
  let min = Infinity, max = -Infinity, sum = 0;
  if (t.type !== 'string') {
    for (let i = 0; i < n; i++) {
      const v = Number((t.data as ArrayLike<number | bigint>)[i]);
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
  }
  return { type: t.type, dims: [...t.dims], min: n ? min : null, max: n ? max : null, mean: n ? sum / n : null };
}

/** The agreement tolerance used across anychip's CLI and tests: |a - b| <= ATOL + RTOL |b|. */
export const ATOL = 1e-4;
export const RTOL = 1e-3;

/**
 * Largest absolute and relative differences, element by element, and `tolUse`: the
 * worst |a - b| / (ATOL + RTOL |b|), so <= 1 means every element agrees.
 */
export function diff(a: Tensor, b: Tensor): { maxAbs: number; maxRel: number; tolUse: number; sameShape: boolean } {
  const sameShape = a.dims.length === b.dims.length && a.dims.every((d, i) => d === b.dims[i]);
  if (!sameShape || a.type === 'string') return { maxAbs: NaN, maxRel: NaN, tolUse: NaN, sameShape };
  let maxAbs = 0, maxRel = 0, tolUse = 0;
  for (let i = 0; i < a.size; i++) {
    const x = Number((a.data as ArrayLike<number | bigint>)[i]);
    const y = Number((b.data as ArrayLike<number | bigint>)[i]);
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const d = Math.abs(x - y);
    if (!(d <= maxAbs)) maxAbs = d;
    const r = d / Math.max(Math.abs(y), 1e-12);
    if (!(r <= maxRel)) maxRel = r;
    const u = d / (ATOL + RTOL * Math.abs(y));
    if (!(u <= tolUse)) tolUse = u;
  }
  return { maxAbs, maxRel, tolUse, sameShape };
}

/** Deterministic uniform [-1, 1) data, shared with the tests and benchmarks. */
export const seededData = (n: number, seed: number): Float32Array => seededUniform(n, seed);
