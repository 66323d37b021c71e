import { Tensor as T, shapeSize } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

/** Determinant of the trailing square matrices, by LU decomposition with partial pivoting. */
export const Det = defineKernel({
  opType: 'Det',
  types: ['float32', 'float64'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    const n = x.dims[x.dims.length - 1];
    const batch = shapeSize(x.dims.slice(0, -2));
    const xd = x.data as Float32Array;
    const out = x.type === 'float64' ? new Float64Array(batch) : new Float32Array(batch);
    for (let b = 0; b < batch; b++) {
      const a = Float64Array.from(xd.subarray(b * n * n, (b + 1) * n * n));
      let det = 1;
      for (let c = 0; c < n; c++) {
        let p = c;
        for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
        if (a[p * n + c] === 0) { det = 0; break; }
        if (p !== c) { for (let k = 0; k < n; k++) { const t = a[c * n + k]; a[c * n + k] = a[p * n + k]; a[p * n + k] = t; } det = -det; }
        det *= a[c * n + c];
        for (let r = c + 1; r < n; r++) { const f = a[r * n + c] / a[c * n + c]; for (let k = c; k < n; k++) a[r * n + k] -= f * a[c * n + k]; }
      }
      out[b] = det;
    }
    return [new T(x.type, out, x.dims.slice(0, -2))];
  },
});
