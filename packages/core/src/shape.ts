/** Shape arithmetic shared by shape inference and kernels, so both agree by construction. */
import { BadInputError } from './errors.js';

/** Numpy-style multidirectional broadcast of concrete shapes. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i];
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else throw new BadInputError(`shapes [${shapes.map((x) => x.join(',')).join('] and [')}] cannot be broadcast together (dim ${o}: ${out[o]} vs ${d})`);
    }
  }
  return out;
}

export function normalizeAxis(axis: number, rank: number, what = 'axis'): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= Math.max(rank, 1)) throw new BadInputError(`${what} ${axis} is out of range for rank ${rank}`);
  return a;
}

export function stridesOf(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
  return s;
}

export interface ConvGeometry {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** [begin..., end...] as in ONNX. */
  pads: number[];
  out: number[];
}

/**
 * Output spatial dims and effective pads of a convolution/pool window, per the ONNX
 * spec's auto_pad rules. `ceil` is the pools' ceil_mode.
 */
export function windowGeometry(
  inSpatial: readonly number[], kernel: readonly number[],
  opts: { strides?: number[]; dilations?: number[]; pads?: number[]; autoPad?: string; ceil?: boolean },
): ConvGeometry {
  const n = inSpatial.length;
  const strides = opts.strides ?? new Array<number>(n).fill(1);
  const dilations = opts.dilations ?? new Array<number>(n).fill(1);
  let pads = opts.pads ? [...opts.pads] : new Array<number>(2 * n).fill(0);
  const autoPad = opts.autoPad ?? 'NOTSET';
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const ek = (kernel[i] - 1) * dilations[i] + 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const o = Math.ceil(inSpatial[i] / strides[i]);
      const total = Math.max(0, (o - 1) * strides[i] + ek - inSpatial[i]);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + n] = total - pads[i];
      out.push(o);
    } else if (autoPad === 'VALID') {
      pads = pads.map(() => 0);
      out.push(Math.floor((inSpatial[i] - ek) / strides[i]) + 1);
    } else {
      const span = inSpatial[i] + pads[i] + pads[i + n] - ek;
      let o = (opts.ceil ? Math.ceil(span / strides[i]) : Math.floor(span / strides[i])) + 1;
      // ceil mode: the last window must start inside the input or left pad
      if (opts.ceil && (o - 1) * strides[i] >= inSpatial[i] + pads[i]) o--;
      out.push(o);
    }
  }
  for (let i = 0; i < n; i++) {
    if (out[i] < 0) throw new BadInputError(`window of size ${kernel[i]} does not fit input dim ${inSpatial[i]} with pads ${pads[i]}+${pads[i + n]}`);
  }
  return { kernel: [...kernel], strides, dilations, pads, out };
}
