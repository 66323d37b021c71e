import { type DataType, type NodeQuery, type Tensor, Tensor as T, UnsupportedError, allocData, isBigInt } from '@anychip/core';
import { type BinaryLoops, broadcastBinary, genericLoops } from './broadcast.js';
import { defineKernel, type KernelContext, type KernelDef, required } from './kernel.js';

export const ALL_NUMERIC: readonly DataType[] = ['float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'];

/**
 * A binary op with numpy broadcasting. `loops` serves float and 32-bit-or-narrower ints
 * (typed-array stores give C wrap-around and truncation); `big` serves int64/uint64.
 */
export function binaryKernel(opType: string, spec: {
  loops: BinaryLoops;
  big?: (x: bigint, y: bigint) => bigint;
  types?: readonly DataType[];
  check?: (q: NodeQuery) => string | undefined;
}): KernelDef {
  const types = spec.types ?? ALL_NUMERIC;
  const bigLoops = spec.big ? genericLoops(spec.big) : undefined;
  return defineKernel({
    opType, types, check: spec.check,
    create: ({ node }: KernelContext) => (inputs) => {
      const a = required(node, inputs, 0);
      const b = required(node, inputs, 1);
      if (a.type !== b.type) throw new UnsupportedError(`${opType} needs inputs of one type, got ${a.type} and ${b.type}`);
      if (!types.includes(a.type)) throw new UnsupportedError(`${opType} on cpu does not support ${a.type}`);
      if (isBigInt(a.type)) {
        if (!bigLoops) throw new UnsupportedError(`${opType} on cpu does not support ${a.type}`);
        return [broadcastBinary(a, b, a.type, bigLoops)];
      }
      return [broadcastBinary(a, b, a.type, spec.loops)];
    },
  });
}

/** A unary op over float tensors; `make` reads attributes once and returns the loop. */
export function unaryKernel(opType: string, make: (ctx: KernelContext) => (o: Float32Array | Float64Array, x: Float32Array | Float64Array, n: number) => void, types: readonly DataType[] = ['float32', 'float64']): KernelDef {
  return defineKernel({
    opType, types,
    create: (ctx) => {
      const loop = make(ctx);
      return (inputs) => {
        const x = required(ctx.node, inputs, 0);
        if (!types.includes(x.type)) throw new UnsupportedError(`${opType} on cpu does not support ${x.type}`);
        const out = allocData(x.type, x.size) as Float32Array;
        loop(out, x.data as Float32Array, x.size);
        return [new T(x.type, out, x.dims)];
      };
    },
  });
}

export function sameTypeCopy(t: Tensor, dims: readonly number[]): Tensor {
  return new T(t.type, t.data, dims);
}

/** A binary op with a per-element function and an explicit output type (comparisons, logic). */
export function mappedBinaryKernel(opType: string, f: (x: any, y: any) => any, opts: { types?: readonly DataType[]; out?: (t: DataType) => DataType } = {}): KernelDef {
  const loops = genericLoops(f);
  const types = opts.types ?? ALL_NUMERIC;
  return defineKernel({
    opType, types,
    create: ({ node }) => (inputs) => {
      const a = required(node, inputs, 0);
      const b = required(node, inputs, 1);
      if (!types.includes(a.type)) throw new UnsupportedError(`${opType} on cpu does not support ${a.type}`);
      return [broadcastBinary(a, b, opts.out ? opts.out(a.type) : a.type, loops)];
    },
  });
}

/** A unary op over any listed type, element by element (ints via the same function). */
export function mappedUnaryKernel(opType: string, make: (ctx: KernelContext) => (x: any, type: DataType) => any, types: readonly DataType[], out?: (t: DataType) => DataType): KernelDef {
  return defineKernel({
    opType, types,
    create: (ctx) => {
      const f = make(ctx);
      return (inputs) => {
        const x = required(ctx.node, inputs, 0);
        if (!types.includes(x.type)) throw new UnsupportedError(`${opType} on cpu does not support ${x.type}`);
        const ot = out ? out(x.type) : x.type;
        const o = allocData(ot, x.size) as unknown as any[];
        const d = x.data as unknown as any[];
        for (let i = 0; i < x.size; i++) o[i] = f(d[i], x.type);
        return [new T(ot, o as never, x.dims)];
      };
    },
  });
}

/** A variadic elementwise op (Max, Min, Sum, Mean): folds inputs pairwise with broadcasting. */
export function variadicKernel(opType: string, f: (x: any, y: any) => any, finish?: (t: Tensor, n: number) => Tensor, types: readonly DataType[] = ALL_NUMERIC): KernelDef {
  const loops = genericLoops(f);
  return defineKernel({
    opType, types,
    create: ({ node }) => (inputs) => {
      const xs = inputs.filter((t): t is Tensor => !!t);
      if (!xs.length) throw new UnsupportedError(`${opType} needs at least one input`);
      let acc = xs[0];
      for (const t of xs.slice(1)) acc = broadcastBinary(acc, t, acc.type, loops);
      if (xs.length === 1) acc = new T(acc.type, (acc.data as Float32Array).slice() as never, acc.dims);
      return [finish ? finish(acc, xs.length) : acc];
    },
  });
}
