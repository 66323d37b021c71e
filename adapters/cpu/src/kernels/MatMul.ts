import { BadInputError, Tensor as T, broadcastShapes, shapeSize } from '@anychip/core';
import { alignedStrides } from '../broadcast.js';
import { gemm, gemmF64 } from '../gemm.js';
import { defineKernel, expectType, required } from '../kernel.js';

/** numpy matmul: 1-D operands are promoted and the added dim removed; batch dims broadcast. */
export const MatMul = defineKernel({
  opType: 'MatMul',
  types: ['float32', 'float64'],
  create: ({ node }) => (inputs) => {
    const a = required(node, inputs, 0);
    const b = required(node, inputs, 1);
    expectType(node, a, ['float32', 'float64']);
    if (b.type !== a.type) throw new BadInputError(`MatMul inputs must share one type, got ${a.type} and ${b.type}`);
    const ad = a.dims.length === 1 ? [1, a.dims[0]] : a.dims;
    const bd = b.dims.length === 1 ? [b.dims[0], 1] : b.dims;
    const M = ad[ad.length - 2], K = ad[ad.length - 1];
    const K2 = bd[bd.length - 2], N = bd[bd.length - 1];
    if (K !== K2) throw new BadInputError(`MatMul: inner dims differ, [${a.dims}] x [${b.dims}]`);
    const batch = broadcastShapes(ad.slice(0, -2), bd.slice(0, -2));
    const B = shapeSize(batch);
    const r = batch.length;
    const as = alignedStrides(ad.slice(0, -2), r), bs = alignedStrides(bd.slice(0, -2), r);
    const f64 = a.type === 'float64';
    const y = f64 ? new Float64Array(B * M * N) : new Float32Array(B * M * N);
    const idx = new Array<number>(r).fill(0);
    for (let p = 0; p < B; p++) {
      let ao = 0, bo = 0;
      for (let d = 0; d < r; d++) { ao += idx[d] * as[d]; bo += idx[d] * bs[d]; }
      const av = { data: a.data as Float32Array, offset: ao * M * K, rs: K, cs: 1 };
      const bv = { data: b.data as Float32Array, offset: bo * K * N, rs: N, cs: 1 };
      if (f64) gemmF64(M, N, K, av, bv, y as Float64Array, p * M * N, N);
      else gemm(M, N, K, av, bv, y as Float32Array, p * M * N, N);
      for (let d = r - 1; d >= 0; d--) { if (++idx[d] < batch[d]) break; idx[d] = 0; }
    }
    const dims = [...batch];
    if (a.dims.length > 1) dims.push(M);
    if (b.dims.length > 1) dims.push(N);
    return [new T(a.type, y, dims)];
  },
});
