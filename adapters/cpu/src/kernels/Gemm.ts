import { BadInputError, Tensor as T, attrFloat, attrInt } from '@anychip/core';
import { alignedStrides } from '../broadcast.js';
import { gemm } from '../gemm.js';
import { defineKernel, expectType, required } from '../kernel.js';

/** Y = alpha * op(A) x op(B) + beta * C, C broadcast to [M, N]. */
export const Gemm = defineKernel({
  opType: 'Gemm',
  types: ['float32'],
  create: ({ node }) => {
    const alpha = attrFloat(node, 'alpha', 1);
    const beta = attrFloat(node, 'beta', 1);
    const tA = attrInt(node, 'transA', 0) === 1;
    const tB = attrInt(node, 'transB', 0) === 1;
    return (inputs) => {
      const a = required(node, inputs, 0);
      const b = required(node, inputs, 1);
      expectType(node, a, ['float32']);
      const [M, K] = tA ? [a.dims[1], a.dims[0]] : [a.dims[0], a.dims[1]];
      const [K2, N] = tB ? [b.dims[1], b.dims[0]] : [b.dims[0], b.dims[1]];
      if (K !== K2) throw new BadInputError(`Gemm: inner dims differ (${K} vs ${K2})`);
      const y = new Float32Array(M * N);
      const c = inputs[2];
      if (c && beta !== 0) {
        const cs = alignedStrides(c.dims, 2);
        const cd = c.data as Float32Array;
        for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) y[i * N + j] = beta * cd[i * cs[0] + j * cs[1]];
      }
      const ad = a.data as Float32Array;
      // alpha folds into A as it is packed; a copy only when alpha != 1
      const av = alpha === 1 ? ad : ad.map((v) => v * alpha);
      gemm(M, N, K, { data: av, offset: 0, rs: tA ? 1 : K, cs: tA ? M : 1 }, { data: b.data as Float32Array, offset: 0, rs: tB ? 1 : N, cs: tB ? K : 1 }, y, 0, N, { accumulate: !!c && beta !== 0 });
      return [new T('float32', y, [M, N])];
    };
  },
});
