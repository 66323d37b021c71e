import { BadInputError, Tensor as T, allocData, attrFloat, attrInt, attrInts, attrString, shapeSize, stridesOf } from '@anychip/core';
import { defineKernel, required, toInts } from '../kernel.js';

/** x: output index; outLen: the integer output length; the spec's own formulas use in*scale for align_corners. */
type Coord = (x: number, scale: number, inLen: number, outLen: number, roiStart: number, roiEnd: number) => number;

const COORD: Record<string, Coord> = {
  half_pixel: (x, s) => (x + 0.5) / s - 0.5,
  half_pixel_symmetric: (x, s, inLen, outLen) => {
    const adj = outLen / (inLen * s);
    return (inLen / 2) * (1 - adj) + (x + 0.5) / s - 0.5;
  },
  pytorch_half_pixel: (x, s, _i, outLen) => (outLen > 1 ? (x + 0.5) / s - 0.5 : 0),
  align_corners: (x, s, inLen, outLen) => (outLen === 1 ? 0 : (x * (inLen - 1)) / (inLen * s - 1)),
  asymmetric: (x, s) => x / s,
  tf_half_pixel_for_nn: (x, s) => (x + 0.5) / s,
  tf_crop_and_resize: (x, _s, inLen, outLen, a, b) => (outLen > 1 ? a * (inLen - 1) + (x * (b - a) * (inLen - 1)) / (outLen - 1) : 0.5 * (a + b) * (inLen - 1)),
};

const NEAREST: Record<string, (x: number, down: boolean) => number> = {
  round_prefer_floor: (x) => (x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x)),
  round_prefer_ceil: (x) => Math.round(x),
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  // opset 10 (and Upsample): truncate when upsampling, ceil when downsampling
  simple: (x, down) => (down ? Math.ceil(x) : Math.trunc(x)),
};

/** Resize with nearest or (multi)linear interpolation, every coordinate transformation mode. */
export const Resize = defineKernel({
  opType: 'Resize',
  check: (q) => {
    const mode = attrString(q.node, 'mode', 'nearest');
    if (mode !== 'nearest' && mode !== 'linear' && mode !== 'cubic') return `Resize mode '${mode}' is not implemented`;
    if (attrInt(q.node, 'antialias', 0)) return 'Resize with antialias is not implemented';
    const policy = attrString(q.node, 'keep_aspect_ratio_policy', 'stretch');
    if (!['stretch', 'not_larger', 'not_smaller'].includes(policy)) return `Resize keep_aspect_ratio_policy '${policy}' is not implemented`;
    return undefined;
  },
  create: ({ node, opset }) => {
    const mode = attrString(node, 'mode', 'nearest');
    const coordName = opset < 11 ? 'asymmetric' : attrString(node, 'coordinate_transformation_mode', 'half_pixel');
    const coord = COORD[coordName];
    if (!coord) throw new BadInputError(`Resize: unknown coordinate_transformation_mode '${coordName}'`);
    const nearest = NEAREST[opset < 11 ? 'simple' : attrString(node, 'nearest_mode', 'round_prefer_floor')];
    const extrapolation = attrFloat(node, 'extrapolation_value', 0);
    const axesAttr = attrInts(node, 'axes');
    const policy = opset >= 18 ? attrString(node, 'keep_aspect_ratio_policy', 'stretch') : 'stretch';
    return (inputs) => {
      const x = required(node, inputs, 0);
      const r = x.dims.length;
      const axes = (axesAttr ?? x.dims.map((_, i) => i)).map((a) => (a < 0 ? a + r : a));
      const roiT = opset >= 11 ? inputs[1] : undefined;
      const scalesT = opset >= 11 ? inputs[2] : inputs[1];
      const sizesT = opset >= 11 ? inputs[3] : undefined;
      const scales = new Array<number>(r).fill(1);
      const out = [...x.dims];
      if (sizesT && sizesT.size) {
        const sizes = toInts(sizesT)!;
        if (sizes.length !== axes.length) throw new BadInputError(`Resize: ${sizes.length} sizes for ${axes.length} axes`);
        if (policy === 'stretch') axes.forEach((a, i) => { out[a] = sizes[i]; scales[a] = sizes[i] / x.dims[a]; });
        else {
          // opset 18: one float32 scale for all the axes, the smallest (not_larger) or the
          // largest (not_smaller) of sizes / input dims; out = round(scale * in), as onnxruntime does
          const ratios = axes.map((a, i) => Math.fround(sizes[i] / x.dims[a]));
          const sc = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
          axes.forEach((a) => { scales[a] = sc; out[a] = Math.round(Math.fround(sc * x.dims[a])); });
        }
      } else if (scalesT && scalesT.size) {
        const sc = Array.from(scalesT.data as Float32Array);
        if (sc.length !== axes.length) throw new BadInputError(`Resize: ${sc.length} scales for ${axes.length} axes`);
        axes.forEach((a, i) => { scales[a] = sc[i]; out[a] = Math.floor(x.dims[a] * sc[i]); });
      } else throw new BadInputError('Resize needs either scales or sizes');
      const roi = new Array<number>(2 * r).fill(0);
      for (let i = 0; i < r; i++) roi[r + i] = 1;
      if (roiT && roiT.size && coordName === 'tf_crop_and_resize') {
        const rv = Array.from(roiT.data as Float32Array);
        axes.forEach((a, i) => { roi[a] = rv[i]; roi[r + a] = rv[axes.length + i]; });
      }
      const n = shapeSize(out);
      const y = allocData(x.type, n) as Float32Array;
      const xs = stridesOf(x.dims);
      const xd = x.data as Float32Array;
      // per axis, per output index: source coordinate
      const src = out.map((o, d) => {
        const arr = new Float64Array(o);
        for (let i = 0; i < o; i++) arr[i] = x.dims[d] === o && scales[d] === 1 && coordName !== 'tf_crop_and_resize' ? i : coord(i, scales[d], x.dims[d], o, roi[d], roi[r + d]);
        return arr;
      });
      if (mode === 'nearest' && coordName !== 'tf_crop_and_resize') {
        // nearest is a gather: per-axis source offsets, then a strided walk
        const maps = out.map((o, d) => {
          const m = new Int32Array(o);
          for (let i = 0; i < o; i++) m[i] = Math.min(Math.max(nearest(src[d][i], scales[d] < 1), 0), x.dims[d] - 1) * xs[d];
          return m;
        });
        gatherNearest(xd, y, out, maps);
        return [new T(x.type, y, out)];
      }
      const cubicA = attrFloat(node, 'cubic_coeff_a', -0.75);
      const exclude = attrInt(node, 'exclude_outside', 0) === 1;
      const taps = out.map((o, d) => Array.from({ length: o }, (_, i) => axisTaps(src[d][i], x.dims[d], mode, cubicA, exclude, x.dims[d] === o && scales[d] === 1)));
      const outside = (d: number, v: number) => coordName === 'tf_crop_and_resize' && (v < 0 || v > x.dims[d] - 1);
      const idx = new Array<number>(r).fill(0);
      for (let i = 0; i < n; i++) {
        let ext = false;
        for (let d = 0; d < r; d++) if (outside(d, src[d][idx[d]])) ext = true;
        if (ext) y[i] = extrapolation;
        else if (mode === 'nearest') {
          let off = 0;
          for (let d = 0; d < r; d++) {
            let k = nearest(src[d][idx[d]], scales[d] < 1);
            k = Math.min(Math.max(k, 0), x.dims[d] - 1);
            off += k * xs[d];
          }
          y[i] = xd[off];
        } else {
          // separable interpolation: the product of each axis's taps
          let acc = 0;
          const walk = (d: number, off: number, w: number) => {
            if (d === r) { acc += w * xd[off]; return; }
            const t = taps[d][idx[d]];
            for (let k = 0; k < t.idx.length; k++) if (t.w[k] !== 0) walk(d + 1, off + t.idx[k] * xs[d], w * t.w[k]);
          };
          walk(0, 0, 1);
          y[i] = acc;
        }
        for (let d = r - 1; d >= 0; d--) { if (++idx[d] < out[d]) break; idx[d] = 0; }
      }
      return [new T(x.type, y, out)];
    };
  },
});

function gatherNearest(x: ArrayLike<number>, y: { [i: number]: number }, out: number[], maps: Int32Array[]): void {
  const r = out.length;
  const inner = maps[r - 1];
  const W = out[r - 1];
  const idx = new Array<number>(r).fill(0);
  const rows = out.slice(0, -1).reduce((a, b) => a * b, 1);
  for (let row = 0, o = 0; row < rows; row++) {
    let base = 0;
    for (let d = 0; d < r - 1; d++) base += maps[d][idx[d]];
    for (let i = 0; i < W; i++) y[o++] = x[base + inner[i]];
    for (let d = r - 2; d >= 0; d--) { if (++idx[d] < out[d]) break; idx[d] = 0; }
  }
}

/** Source indices and weights along one axis for output coordinate `v`. */
function axisTaps(v: number, len: number, mode: string, a: number, exclude: boolean, identity: boolean): { idx: number[]; w: number[] } {
  if (identity) return { idx: [Math.round(v)], w: [1] };
  if (mode === 'linear') {
    const c = Math.min(Math.max(v, 0), len - 1);
    const f = Math.floor(c);
    const t = c - f;
    return t > 0 && f + 1 < len ? { idx: [f, f + 1], w: [1 - t, t] } : { idx: [f], w: [1] };
  }
  // cubic convolution with coefficient a (Keys), over floor(v) - 1 .. floor(v) + 2
  const f = Math.floor(v);
  const t = v - f;
  const k = (s: number) => {
    const x = Math.abs(s);
    if (x <= 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    return 0;
  };
  const idx: number[] = [], w: number[] = [];
  for (let j = -1; j <= 2; j++) {
    const p = f + j;
    let wt = k(t - j);
    if (p < 0 || p >= len) {
      if (exclude) wt = 0;
      idx.push(Math.min(Math.max(p, 0), len - 1));
    } else idx.push(p);
    w.push(wt);
  }
  if (exclude) { const s = w.reduce((x, y) => x + y, 0); for (let j = 0; j < 4; j++) w[j] /= s; }
  return { idx, w };
}
