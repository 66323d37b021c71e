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

/**
 * im2col for columns [j0, j0 + nc) only, written straight into the GEMM's 8-column
 * panel layout (see BlockPacker), panel by panel so the writes are sequential: the
 * K x OH*OW column matrix is never materialised.
 */
export function im2colPacked(
  x: Float32Array, xOff: number, C: number, H: number, W: number,
  kh: number, kw: number, sh: number, sw: number, dh: number, dw: number, ph: number, pw: number,
  OW: number, j0: number, nc: number, f: Float32Array, off: number,
): void {
  const K = C * kh * kw;
  const panels = (nc + 7) >> 3;
  const iy0 = new Int32Array(8), ix0 = new Int32Array(8);
  for (let p = 0; p < panels; p++) {
    const n = Math.min(8, nc - p * 8);
    // the 8 output pixels of this panel, as input coordinates of the window's corner
    let oh = Math.floor((j0 + p * 8) / OW);
    let ow = j0 + p * 8 - oh * OW;
    for (let q = 0; q < 8; q++) {
      iy0[q] = q < n ? oh * sh - ph : -1 << 30;
      ix0[q] = ow * sw - pw;
      if (++ow === OW) { ow = 0; oh++; }
    }
    const oneRow = n === 8 && iy0[0] === iy0[7];
    let dst = off + p * K * 8;
    for (let c = 0; c < C; c++) {
      const xc = xOff + c * H * W;
      for (let ky = 0; ky < kh; ky++) {
        const dy = ky * dh;
        for (let kx = 0; kx < kw; kx++, dst += 8) {
          const dx = kx * dw;
          const iy = iy0[0] + dy;
          const ixa = ix0[0] + dx;
          if (oneRow && iy >= 0 && iy < H && ixa >= 0 && ixa + 7 * sw < W) {
            const src = xc + iy * W + ixa;
            if (sw === 1) {
              f[dst] = x[src]; f[dst + 1] = x[src + 1]; f[dst + 2] = x[src + 2]; f[dst + 3] = x[src + 3];
              f[dst + 4] = x[src + 4]; f[dst + 5] = x[src + 5]; f[dst + 6] = x[src + 6]; f[dst + 7] = x[src + 7];
            } else {
              for (let q = 0; q < 8; q++) f[dst + q] = x[src + q * sw];
            }
            continue;
          }
          for (let q = 0; q < 8; q++) {
            const yy = iy0[q] + dy;
            const xx = ix0[q] + dx;
            f[dst + q] = yy >= 0 && yy < H && xx >= 0 && xx < W ? x[xc + yy * W + xx] : 0;
          }
        }
      }
    }
  }
}
