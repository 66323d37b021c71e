import { Tensor as T } from '@anychip/core';
import { defineKernel, expectType, required } from '../kernel.js';
import { poolGeometry, poolNd } from './pool.js';

export const MaxPool = defineKernel({
  opType: 'MaxPool',
  types: ['float32', 'float64', 'int8', 'uint8'],
  create: ({ node }) => (inputs) => {
    const x = required(node, inputs, 0);
    expectType(node, x, ['float32', 'float64', 'int8', 'uint8']);
    if (x.dims.length > 4 || node.outputs[1] || (x.type !== 'float32' && x.type !== 'float64')) return poolNd(node, x, 'max');
    const { oneD, N, C, H, W, geo } = poolGeometry(node, x.dims);
    const [OH, OW] = geo.out;
    const [kh, kw] = geo.kernel;
    const [sh, sw] = geo.strides;
    const [dh, dw] = geo.dilations;
    const [ph, pw] = geo.pads;
    const xd = x.data as Float32Array;
    const y = x.type === 'float64' ? new Float64Array(N * C * OH * OW) : new Float32Array(N * C * OH * OW);
    for (let nc = 0; nc < N * C; nc++) {
      const xo = nc * H * W, yo = nc * OH * OW;
      for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
        let m = -Infinity;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oh * sh - ph + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ow * sw - pw + kx * dw;
            if (ix < 0 || ix >= W) continue;
            const v = xd[xo + iy * W + ix];
            if (v > m || Number.isNaN(v)) m = v;
          }
        }
        y[yo + oh * OW + ow] = m;
      }
    }
    return [new T(x.type, y, oneD ? [N, C, OH] : [N, C, OH, OW])];
  },
});
