/**
 * im2col for 2-D convolution: column matrix [Cg*kh*kw, OH*OW] for one image and group,
 * zero where the window hangs over the padding.
 */
export function im2col(
  x: Float32Array, xOff: number, C: number, H: number, W: number,
  kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, ph: number, pw: number,
  OH: number, OW: number, col: Float32Array,
): void {
  const N = OH * OW;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const xc = xOff + c * H * W;
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++, row++) {
        const base = row * N;
        // the output columns whose input x stays inside [0, W)
        const dx = kx * dw - pw;
        const owLo = Math.min(OW, Math.max(0, Math.ceil(-dx / sw)));
        const owHi = Math.max(owLo, Math.min(OW, Math.floor((W - 1 - dx) / sw) + 1));
        for (let oh = 0; oh < OH; oh++) {
          const iy = oh * sh + ky * dh - ph;
          const o = base + oh * OW;
          if (iy < 0 || iy >= H) { col.fill(0, o, o + OW); continue; }
          const src = xc + iy * W + dx;
          for (let ow = 0; ow < owLo; ow++) col[o + ow] = 0;
          if (sw === 1) {
            for (let ow = owLo; ow < owHi; ow++) col[o + ow] = x[src + ow];
          } else {
            for (let ow = owLo; ow < owHi; ow++) col[o + ow] = x[src + ow * sw];
          }
          for (let ow = owHi; ow < OW; ow++) col[o + ow] = 0;
        }
      }
    }
  }
}

/** The inverse scatter for ConvTranspose: adds columns [Cg*kh*kw, H*W] into y [Cg, OH, OW]. */
export function col2imAdd(
  col: Float32Array, C: number, H: number, W: number,
  kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, ph: number, pw: number,
  OH: number, OW: number, y: Float32Array, yOff: number,
): void {
  const N = H * W;
  let row = 0;
  for (let c = 0; c < C; c++) {
    const yc = yOff + c * OH * OW;
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++, row++) {
        const base = row * N;
        for (let ih = 0; ih < H; ih++) {
          const oy = ih * sh + ky * dh - ph;
          if (oy < 0 || oy >= OH) continue;
          const yr = yc + oy * OW;
          const cr = base + ih * W;
          for (let iw = 0; iw < W; iw++) {
            const ox = iw * sw + kx * dw - pw;
            if (ox >= 0 && ox < OW) y[yr + ox] += col[cr + iw];
          }
        }
      }
    }
  }
}
