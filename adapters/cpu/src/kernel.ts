import { type DataType, type Node, type NodeQuery, type Tensor, UnsupportedError, opVersion } from '@anychip/core';
import { LATER_VERSIONS } from './kernels/op-versions.js';

/** A prepared kernel: host tensors in, host tensors out. Optional inputs arrive as undefined. */
export type KernelFn = (inputs: (Tensor | undefined)[]) => Tensor[];

export interface KernelContext {
  node: Node;
  opset: number;
  /** Inputs known at compile time (weights): kernels may pre-pack them. */
  constant(index: number): Tensor | undefined;
  /**
   * Values the node's nested graphs read from enclosing scopes; the kernel receives them
   * after its own inputs, in this order (control-flow ops only).
   */
  captured: readonly string[];
  /** A value of the enclosing scope known at compile time, by name (for nested graphs). */
  outerConstant(name: string): Tensor | undefined;
  /** Whether the enclosing program fuses elementwise chains (nested programs follow it). */
  fuse: boolean;
  /** The model's opset per domain, for nested graphs' nodes. */
  opsets: Readonly<Record<string, number>>;
}

/** One op's CPU kernel: what it accepts, and how to build a runner for a node. */
export interface KernelDef {
  opType: string;
  domain?: string;
  /** Element types accepted for the first input; omitted means any. */
  types?: readonly DataType[];
  /** Reason to refuse a node this kernel cannot run (attribute values, ranks). */
  check?: (q: NodeQuery) => string | undefined;
  /**
   * The op versions this kernel implements, [first, last]. Default: from the first version
   * to the one in effect at ai.onnx opset 17 / ai.onnx.ml opset 3 (what the ONNX 1.12
   * backend tests cover), extended by kernels/op-versions.ts where later versions are known
   * to be handled.
   */
  versions?: readonly [number, number];
  create: (ctx: KernelContext) => KernelFn;
}

export const FLOATS = ['float32', 'float64'] as const;
export const NUMERIC = ['float32', 'float64', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64'] as const;

export function defineKernel(k: KernelDef): KernelDef {
  return k;
}

// the opsets the ONNX 1.12 backend test data covers, per domain
const TESTED_OPSET: Record<string, number> = { '': 17, 'ai.onnx.ml': 3, 'ai.onnx.preview.training': 1 };

/** The op versions a kernel implements (see KernelDef.versions). */
export function kernelVersions(k: KernelDef): readonly [number, number] {
  if (k.versions) return k.versions;
  const domain = k.domain ?? '';
  const later = domain === '' ? LATER_VERSIONS[k.opType]?.upTo : undefined;
  const tested = opVersion(domain, k.opType, TESTED_OPSET[domain] ?? 1);
  return [1, later ?? tested ?? Infinity];
}

/** Runtime dtype guard for values whose type was unknown at partition time. */
export function expectType(node: Node, t: Tensor, allowed: readonly DataType[], what = 'input'): void {
  if (!allowed.includes(t.type)) {
    throw new UnsupportedError(`${node.opType} on cpu does not support ${what} of type ${t.type} (supported: ${allowed.join(', ')})`);
  }
}

export function required(node: Node, inputs: (Tensor | undefined)[], i: number): Tensor {
  const t = inputs[i];
  if (!t) throw new UnsupportedError(`${node.opType} node '${node.name}' is missing required input #${i}`);
  return t;
}

/** Reads a 1-D integer tensor (shapes, axes) as numbers. */
export function toInts(t: Tensor | undefined): number[] | undefined {
  if (!t) return undefined;
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}
