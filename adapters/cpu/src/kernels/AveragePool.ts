import { Tensor as T, attrInt } from '@anychip/core';
import { defineKernel, expectType, required } from '../kernel.js';
import { poolGeometry, poolNd } from './pool.js';

export const AveragePool = defineKernel({
  opType: 'AveragePool',
  types: ['float32', 'float64'],
  create: ({ node }) => {
    const includePad = attrInt(node, 'count_include_pad', 0) === 1;
    return (inputs) => {
      const x = required(node, inputs, 0);
      expectType(node, x, ['float32', 'float64']);
      if (x.dims.length > 4) return poolNd(node, x, 'avg');
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
          let s = 0, cnt = 0, padded = 0;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oh * sh - ph + ky * dh;
            const inPadY = iy >= -ph && iy < H + geo.pads[2];
            for (let kx = 0; kx < kw; kx++) {
              const ix = ow * sw - pw + kx * dw;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) { s += xd[xo + iy * W + ix]; cnt++; }
              // count_include_pad counts padding cells, but never cells past the padded input
              if (inPadY && ix >= -pw && ix < W + geo.pads[3]) padded++;
            }
          }
          y[yo + oh * OW + ow] = includePad ? s / padded : s / cnt;
        }
      }
      return [new T(x.type, y, oneD ? [N, C, OH] : [N, C, OH, OW])];
    };
  },
});
