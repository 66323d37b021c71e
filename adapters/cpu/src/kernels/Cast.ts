import { type DataType, Tensor as T, allocData, attrInt, dtypeFromOnnx, floatToBf16, floatToHalf, bf16ToFloat, halfToFloat } from '@anychip/core';
import { defineKernel, required } from '../kernel.js';

function readAsNumber(t: T, i: number): number {
  const v = (t.data as ArrayLike<number | bigint>)[i];
  if (t.type === 'float16') return halfToFloat(v as number);
  if (t.type === 'bfloat16') return bf16ToFloat(v as number);
  return Number(v);
}

/** Element conversion with C semantics: float -> int truncates, anything -> bool is != 0. */
/** The shortest decimal that reads back as the same float32 (what numpy prints). */
function float32String(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'INF' : '-INF';
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

function parseNumber(s: string): number {
  const t = s.trim().toLowerCase();
  if (t === 'nan' || t === '-nan') return NaN;
  if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return Number(t);
}

export function castTensor(x: T, to: DataType): T {
  if (x.type === to) return x;
  if (to === 'string') {
    const d = x.data as unknown as ArrayLike<number | bigint>;
    const f32 = x.type === 'float32' || x.type === 'float16' || x.type === 'bfloat16';
    return new T('string', Array.from({ length: x.size }, (_, i) => (f32 ? float32String(readAsNumber(x, i)) : x.type === 'bool' ? (d[i] ? 'true' : 'false') : String(d[i]))), x.dims);
  }
  if (x.type === 'string') {
    const nums = new T('float64', Float64Array.from(x.data as string[], parseNumber), x.dims);
    if (to === 'int64' || to === 'uint64') {
      const out = allocData(to, x.size) as BigInt64Array;
      (x.data as string[]).forEach((s, i) => { out[i] = BigInt(s.trim()); });
      return new T(to, out as never, x.dims);
    }
    return castTensor(nums, to);
  }
  const out = allocData(to, x.size) as unknown as (number | bigint)[];
  const n = x.size;
  if (to === 'int64' || to === 'uint64') {
    const bigSrc = x.type === 'int64' || x.type === 'uint64';
    for (let i = 0; i < n; i++) {
      if (bigSrc) { out[i] = (x.data as BigInt64Array)[i]; continue; }
      const v = readAsNumber(x, i);
      out[i] = Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
    }
  } else if (to === 'bool') {
    for (let i = 0; i < n; i++) out[i] = readAsNumber(x, i) !== 0 ? 1 : 0;
  } else if (to === 'float16') {
    for (let i = 0; i < n; i++) out[i] = floatToHalf(readAsNumber(x, i));
  } else if (to === 'bfloat16') {
    for (let i = 0; i < n; i++) out[i] = floatToBf16(readAsNumber(x, i));
  } else if (to === 'float32' || to === 'float64') {
    for (let i = 0; i < n; i++) out[i] = readAsNumber(x, i);
  } else {
    // narrowing int stores wrap like C; floats truncate toward zero first
    for (let i = 0; i < n; i++) { const v = readAsNumber(x, i); out[i] = Number.isFinite(v) ? Math.trunc(v) : 0; }
  }
  return new T(to, out as any, x.dims);
}

export const Cast = defineKernel({
  opType: 'Cast',
  check: (q) => {
    const to = dtypeFromOnnx(attrInt(q.node, 'to', 0));
    if (!to) return `Cast to ONNX type ${attrInt(q.node, 'to', 0)} is not supported`;
    return undefined;
  },
  create: ({ node }) => {
    const to = dtypeFromOnnx(attrInt(node, 'to', 0))!;
    return (inputs) => [castTensor(required(node, inputs, 0), to)];
  },
});
