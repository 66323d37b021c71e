import { type DataType, type NodeQuery, type Tensor, Tensor as T, UnsupportedError, allocData, isBigInt } from '@anychip/core';
import { type BinaryLoops, broadcastBinary, genericLoops } from './broadcast.js';
import { BIG_BINARY, BIG_UNARY, BINARY, UNARY, roundFor } from './elementwise-math.js';
import { defineKernel, type KernelContext, type KernelDef, required } from './kernel.js';

export const ALL_NUMERIC: readonly DataType[] = ['float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'];

/**
 * A binary op with numpy broadcasting. `loops` serves float and 32-bit-or-narrower ints
 * (typed-array stores give C wrap-around and truncation); `big` serves int64/uint64.
 */
export function binaryKernel(opType: string, spec: {
  loops: BinaryLoops | (() => BinaryLoops);
  /** Loops for int32/uint32 where a double's product would lose low bits (Mul). */
  int32?: () => BinaryLoops;
  big?: (x: bigint, y: bigint) => bigint;
  types?: readonly DataType[];
  check?: (q: NodeQuery) => string | undefined;
}): KernelDef {
  const types = spec.types ?? ALL_NUMERIC;
  const bigLoops = spec.big ? genericLoops(spec.big) : undefined;
  return defineKernel({
    opType, types, check: spec.check,
    create: ({ node }: KernelContext) => {
      const loops = typeof spec.loops === 'function' ? spec.loops() : spec.loops;
      const int32 = spec.int32?.() ?? loops;
      return (inputs) => {
        const a = required(node, inputs, 0);
        const b = required(node, inputs, 1);
        if (a.type !== b.type) throw new UnsupportedError(`${opType} needs inputs of one type, got ${a.type} and ${b.type}`);
        if (!types.includes(a.type)) throw new UnsupportedError(`${opType} on cpu does not support ${a.type}`);
        if (isBigInt(a.type)) {
          if (!bigLoops) throw new UnsupportedError(`${opType} on cpu does not support ${a.type}`);
          return [broadcastBinary(a, b, a.type, bigLoops)];
        }
        return [broadcastBinary(a, b, a.type, a.type === 'int32' || a.type === 'uint32' ? int32 : loops)];
      };
    },
  });
}

let generate: boolean | undefined;

/** Whether this host lets us generate code (a strict Content-Security-Policy forbids it). */
export function canGenerateCode(): boolean {
  if (generate === undefined) {
    try {
      generate = (new Function('return 1') as () => number)() === 1;
    } catch {
      generate = false;
    }
  }
  return generate;
}

type Arr = any; // a typed array: number or bigint elements
const ident = (key: string) => key.replace(/[^A-Za-z0-9_]/g, '_');
export type UnaryLoop = (o: Arr, x: Arr, n: number, f: (x: any) => any) => void;

const plainUnary: UnaryLoop = (o, x, n, f) => { for (let i = 0; i < n; i++) o[i] = f(x[i]); };
const unaryLoops = new Map<string, UnaryLoop>();

/**
 * The loop `o[i] = f(x[i])` for one op. One loop shared by every op would see many f's at
 * its call site and go megamorphic (no inlining: ~5x slower); a generated copy per op
 * sees only that op's closures (one function literal), which V8 inlines. Where code
 * cannot be generated, the shared loop.
 */
export function unaryLoop(key: string): UnaryLoop {
  let loop = unaryLoops.get(key);
  if (!loop) {
    // eslint-disable-next-line no-new-func
    loop = canGenerateCode() ? new Function(`return function ${ident(key)}(o, x, n, f) { for (let i = 0; i < n; i++) o[i] = f(x[i]); };`)() as UnaryLoop : plainUnary;
    unaryLoops.set(key, loop);
  }
  return loop;
}

const binaryLoopCache = new Map<string, BinaryLoops>();

/** Broadcasting loops around one scalar function, generated per op for the reason given at unaryLoop. */
export function binaryLoops(key: string, f: (x: any, y: any) => any): BinaryLoops {
  let loops = binaryLoopCache.get(key);
  if (!loops) {
    const k = ident(key);
    // eslint-disable-next-line no-new-func
    loops = canGenerateCode() ? new Function('f', `return {
      f,
      vv: function ${k}_vv(o, a, b, n, oo, ao, bo) { for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], b[bo + i]); },
      vs: function ${k}_vs(o, a, s, n, oo, ao) { for (let i = 0; i < n; i++) o[oo + i] = f(a[ao + i], s); },
      sv: function ${k}_sv(o, s, b, n, oo, bo) { for (let i = 0; i < n; i++) o[oo + i] = f(s, b[bo + i]); },
    };`)(f) as BinaryLoops : genericLoops(f);
    binaryLoopCache.set(key, loops);
  }
  return loops;
}

/** A fusable binary op (Add, Sub, Mul, Div): its maths from elementwise-math.ts, any numeric type. */
export function mathBinaryKernel(opType: string): KernelDef {
  // generated on first use rather than at import
  // a 32-bit product can need 64 bits, more than a double holds exactly: Math.imul keeps the low 32 as C does
  const int32 = opType === 'Mul' ? () => binaryLoops('Mul_int32', Math.imul) : undefined;
  return binaryKernel(opType, { loops: () => binaryLoops(opType, BINARY[opType]), int32, big: BIG_BINARY[opType] });
}

/**
 * A fusable unary op: its maths from elementwise-math.ts. Float32 results round once, on
 * the store, as each fused step does with Math.fround. Integer types run the float64
 * function (Abs, Neg: the store wraps); int64/uint64 its bigint twin.
 */
export function mathUnaryKernel(opType: string, types: readonly DataType[] = ['float32', 'float64']): KernelDef {
  const make = UNARY[opType], big = BIG_UNARY[opType];
  return defineKernel({
    opType, types,
    create: ({ node }) => {
      const f32 = make(node, roundFor('float32')), f64 = make(node, roundFor('float64'));
      const loop = unaryLoop(opType);
      return (inputs) => {
        const x = required(node, inputs, 0);
        if (!types.includes(x.type)) throw new UnsupportedError(`${opType} on cpu does not support ${x.type}`);
        const out = allocData(x.type, x.size);
        if (isBigInt(x.type)) {
          if (!big) throw new UnsupportedError(`${opType} on cpu does not support ${x.type}`);
          unaryLoop(`${opType}_big`)(out, x.data, x.size, big);
        } else loop(out, x.data, x.size, x.type === 'float32' ? f32 : f64);
        return [new T(x.type, out, x.dims)];
      };
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
