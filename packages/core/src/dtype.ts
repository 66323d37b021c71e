/** Element types anychip understands; names follow onnxruntime's JS API. */
export const DATA_TYPES = [
  'float32', 'float16', 'bfloat16', 'float64',
  'int8', 'int16', 'int32', 'int64',
  'uint8', 'uint16', 'uint32', 'uint64',
  'bool', 'string',
] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** The JS storage of each dtype. float16/bfloat16 hold raw bits, as onnxruntime-web does. */
export interface DataTypeMap {
  float32: Float32Array; float16: Uint16Array; bfloat16: Uint16Array; float64: Float64Array;
  int8: Int8Array; int16: Int16Array; int32: Int32Array; int64: BigInt64Array;
  uint8: Uint8Array; uint16: Uint16Array; uint32: Uint32Array; uint64: BigUint64Array;
  bool: Uint8Array; string: string[];
}
export type TensorData = DataTypeMap[DataType];

type TypedCtor = { new (n: number): Exclude<TensorData, string[]>; new (b: ArrayBufferLike, off: number, n: number): Exclude<TensorData, string[]>; BYTES_PER_ELEMENT: number };

const CTORS: Record<Exclude<DataType, 'string'>, TypedCtor> = {
  float32: Float32Array, float16: Uint16Array, bfloat16: Uint16Array, float64: Float64Array,
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array as unknown as TypedCtor,
  uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array as unknown as TypedCtor,
  bool: Uint8Array,
};

/** ONNX TensorProto.DataType numbers. */
export const ONNX_DTYPE: Record<DataType, number> = {
  float32: 1, uint8: 2, int8: 3, uint16: 4, int16: 5, int32: 6, int64: 7, string: 8,
  bool: 9, float16: 10, float64: 11, uint32: 12, uint64: 13, bfloat16: 16,
};
const FROM_ONNX = new Map<number, DataType>(Object.entries(ONNX_DTYPE).map(([k, v]) => [v, k as DataType]));

export function dtypeFromOnnx(code: number): DataType | undefined {
  return FROM_ONNX.get(code);
}

export function isDataType(x: unknown): x is DataType {
  return typeof x === 'string' && (DATA_TYPES as readonly string[]).includes(x);
}

export function bytesPerElement(t: DataType): number {
  return t === 'string' ? 0 : CTORS[t].BYTES_PER_ELEMENT;
}

export function isFloat(t: DataType): boolean {
  return t === 'float32' || t === 'float16' || t === 'bfloat16' || t === 'float64';
}
export function isBigInt(t: DataType): t is 'int64' | 'uint64' {
  return t === 'int64' || t === 'uint64';
}

/** A zeroed array of n elements of type t. */
export function allocData<T extends DataType>(t: T, n: number): DataTypeMap[T] {
  if (t === 'string') return new Array<string>(n).fill('') as DataTypeMap[T];
  return new CTORS[t as Exclude<DataType, 'string'>](n) as DataTypeMap[T];
}

/** A typed-array view over bytes (no copy when aligned, a copy otherwise). */
export function viewBytes<T extends Exclude<DataType, 'string'>>(t: T, bytes: Uint8Array): DataTypeMap[T] {
  const C = CTORS[t];
  const n = bytes.byteLength / C.BYTES_PER_ELEMENT;
  if (!Number.isInteger(n)) throw new RangeError(`${bytes.byteLength} bytes is not a whole number of ${t} elements`);
  if (bytes.byteOffset % C.BYTES_PER_ELEMENT === 0) return new C(bytes.buffer, bytes.byteOffset, n) as DataTypeMap[T];
  const copy = new Uint8Array(bytes);
  return new C(copy.buffer, 0, n) as DataTypeMap[T];
}

export function typedArrayCtor(t: Exclude<DataType, 'string'>): TypedCtor {
  return CTORS[t];
}

// ---- half precision helpers ----
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE binary16 bits -> number. */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** number -> IEEE binary16 bits, round to nearest even. */
export function floatToHalf(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let r = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && r & 1)) r++;
    return sign | r;
  }
  let r = mant >>> 13;
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && r & 1)) {
    r++;
    if (r === 0x400) { r = 0; e++; if (e >= 31) return sign | 0x7c00; }
  }
  return sign | (e << 10) | r;
}

export function bf16ToFloat(b: number): number {
  u32[0] = b << 16;
  return f32[0];
}
export function floatToBf16(v: number): number {
  f32[0] = v;
  const x = u32[0];
  if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) return (x >>> 16) | 0x40;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}
