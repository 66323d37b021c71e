import type { Tensor } from '@anychip/core';

/** Shape, type and value range of a tensor, for printing. */
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

