import { BadInputError } from './errors.js';
import { allocData, isDataType, type DataType, type DataTypeMap, type TensorData } from './dtype.js';

function inferType(data: unknown): DataType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Uint16Array) return 'uint16';
  if (data instanceof Uint32Array) return 'uint32';
  if (data instanceof BigUint64Array) return 'uint64';
  if (Array.isArray(data) && data.every((x) => typeof x === 'string')) return 'string';
  throw new BadInputError(`cannot infer a tensor type from ${Object.prototype.toString.call(data)}; pass it explicitly: new Tensor('float32', data, dims)`);
}

export function shapeSize(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/**
 * A host tensor, built like onnxruntime's: `new Tensor(type, data, dims)` or
 * `new Tensor(data, dims)`. Data is held by reference, not copied.
 */
export class Tensor<T extends DataType = DataType> {
  readonly type: T;
  readonly data: DataTypeMap[T];
  readonly dims: readonly number[];
  readonly size: number;

  constructor(type: T, data: DataTypeMap[T] | readonly number[] | readonly bigint[] | readonly boolean[], dims?: readonly number[]);
  constructor(data: TensorData, dims?: readonly number[]);
  constructor(a: unknown, b?: unknown, c?: unknown) {
    let type: DataType;
    let data: unknown;
    let dims: unknown;
    if (typeof a === 'string') {
      if (!isDataType(a)) throw new BadInputError(`unknown tensor type '${a}'; expected one of float32, float16, int64, ...`);
      type = a; data = b; dims = c;
    } else {
      type = inferType(a); data = a; dims = b;
    }
    if (Array.isArray(data) && type !== 'string') {
      const arr = allocData(type, data.length) as Exclude<TensorData, string[]>;
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        (arr as unknown as (number | bigint)[])[i] = type === 'int64' || type === 'uint64' ? BigInt(v) : Number(v);
      }
      data = arr;
    }
    const len = (data as { length: number }).length;
    const d = (dims as number[] | undefined) ?? [len];
    if (!Array.isArray(d) || d.some((x) => !Number.isInteger(x) || x < 0)) {
      throw new BadInputError(`tensor dims must be non-negative integers, got [${String(d)}]`);
    }
    const size = shapeSize(d);
    if (size !== len) {
      throw new BadInputError(`tensor data has ${len} elements but dims [${d.join(', ')}] need ${size}`);
    }
    this.type = type as T;
    this.data = data as DataTypeMap[T];
    this.dims = Object.freeze([...d]);
    this.size = size;
  }

  /** A tensor with the same data and new dims (no copy). */
  reshape(dims: readonly number[]): Tensor<T> {
    return new Tensor(this.type, this.data, dims);
  }

  toString(): string {
    return `Tensor<${this.type}>[${this.dims.join('x')}]`;
  }
}

export function zeros<T extends DataType>(type: T, dims: readonly number[]): Tensor<T> {
  return new Tensor(type, allocData(type, shapeSize(dims)), dims);
}

/**
 * Deterministic uniform float32 data in [lo, hi) (mulberry32): the same seed gives the
 * same tensor on every machine, so demos, benchmarks and tests are repeatable.
 */
export function seededUniform(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (hi - lo);
  }
  return out;
}
