/** Index helpers for gather/scatter style kernels. */
import { BadInputError, stridesOf } from '@anychip/core';

/** Normalises a possibly negative index against a dimension, or throws. */
export function wrapIndex(i: number, dim: number, what: string): number {
  const j = i < 0 ? i + dim : i;
  if (j < 0 || j >= dim) throw new BadInputError(`${what}: index ${i} is out of range for a dimension of ${dim}`);
  return j;
}

/** Calls f(flatIndex, multiIndex) for every element of a shape, in row-major order. */
export function forEachIndex(dims: readonly number[], f: (flat: number, idx: number[]) => void): void {
  const n = dims.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(dims.length).fill(0);
  for (let i = 0; i < n; i++) {
    f(i, idx);
    for (let d = dims.length - 1; d >= 0; d--) { if (++idx[d] < dims[d]) break; idx[d] = 0; }
  }
}

export function offsetOf(idx: readonly number[], strides: readonly number[]): number {
  let o = 0;
  for (let d = 0; d < idx.length; d++) o += idx[d] * strides[d];
  return o;
}

export { stridesOf };

/** The reduction attribute of the scatter ops: how an update meets the existing value. */
export const SCATTER_REDUCE: Record<string, (a: any, b: any) => any> = {
  none: (_a, b) => b, add: (a, b) => a + b, mul: (a, b) => a * b, max: (a, b) => (a > b ? a : b), min: (a, b) => (a < b ? a : b),
};
