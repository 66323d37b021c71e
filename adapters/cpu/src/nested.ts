/**
 * What the control-flow kernels share: compiling a nested graph (an If branch, a Loop or
 * Scan body) into a cpu program that reads its formal inputs and the values it captures from
 * enclosing scopes, and slicing and stacking tensors along an axis.
 */
import {
  ExecutionError, type Graph, ModelError, type Node, type Subgraph, type Tensor, type ValueInfo,
  Tensor as T, allocData, capturedValues, shapeSize, topoSort,
} from '@anychip/core';
import type { KernelContext } from './kernel.js';
import { concat } from './kernels/Concat.js';
import { type Program, compileProgram, kernelOf, runProgram } from './program.js';

export interface Body {
  program: Program;
  /** Number of formal inputs (the graph's own inputs). */
  formal: number;
  /** Where each captured value the program reads at run time sits in the kernel's inputs. */
  capturedAt: number[];
  outputs: ValueInfo[];
}

/** The graph attribute `name` of a node, or a ModelError. */
export function graphAttr(node: Node, name: string): Graph {
  const a = node.attributes[name];
  if (a?.type !== 'graph') throw new ModelError(`${node.opType} node '${node.name}' has no graph attribute '${name}'`);
  return a.value;
}

/**
 * Compiles a nested graph. Values it captures that are constants of the enclosing scope
 * become its initializers (weights stay packed across iterations); the others arrive at run
 * time after the kernel's own inputs, in the order ctx.captured gives.
 */
export function compileBody(g: Graph, ctx: KernelContext): Body {
  const captured = capturedValues(g).filter(Boolean);
  const initializers = new Map(g.initializers);
  const runtime: string[] = [];
  for (const name of captured) {
    const t = ctx.outerConstant(name);
    if (t) initializers.set(name, t);
    else runtime.push(name);
  }
  const sg: Subgraph = {
    id: `${ctx.node.name}/${g.name}`,
    nodes: topoSort(g, new Set(captured)),
    inputs: [...g.inputs, ...runtime.map((name) => ({ name }))],
    outputs: g.outputs,
    initializers,
    opsets: ctx.opsets,
  };
  const own = ctx.node.inputs.length;
  return {
    program: compileProgram(sg, ctx.fuse),
    formal: g.inputs.length,
    capturedAt: runtime.map((name) => own + ctx.captured.indexOf(name)),
    outputs: g.outputs,
  };
}

/** Runs a body on its formal inputs, with the captured values taken from the kernel's inputs. */
export function runBody(b: Body, formal: readonly (Tensor | undefined)[], kernelInputs: readonly (Tensor | undefined)[]): Tensor[] {
  if (formal.length !== b.formal) throw new ExecutionError(`a nested graph takes ${b.formal} inputs, got ${formal.length}`);
  return runProgram(b.program, [...formal, ...b.capturedAt.map((i) => kernelInputs[i])]);
}

/** A reason to refuse a control-flow node whose nested graphs use ops the cpu has no kernel for. */
export function nestedKernelsMissing(node: Node): string | undefined {
  const missing = new Set<string>();
  const visit = (n: Node) => {
    for (const a of Object.values(n.attributes)) {
      const gs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
      for (const g of gs) for (const m of g.nodes) {
        if (!kernelOf(m.domain, m.opType)) missing.add(`${m.domain ? `${m.domain}.` : ''}${m.opType}`);
        visit(m);
      }
    }
  };
  visit(node);
  return missing.size ? `${node.opType}'s nested graph uses ops with no cpu kernel: ${[...missing].join(', ')}` : undefined;
}

/** The slice of `t` at index `i` along `axis` (that axis removed). */
export function take(t: Tensor, axis: number, i: number): Tensor {
  const dims = t.dims.filter((_, k) => k !== axis);
  const outer = shapeSize(t.dims.slice(0, axis));
  const inner = shapeSize(t.dims.slice(axis + 1));
  const n = t.dims[axis];
  const src = t.data as unknown as { [k: number]: unknown };
  const out = allocData(t.type, outer * inner) as unknown as { [k: number]: unknown };
  for (let o = 0; o < outer; o++) for (let k = 0; k < inner; k++) out[o * inner + k] = src[(o * n + i) * inner + k];
  return new T(t.type, out as never, dims);
}

/** Stacks equal-shaped tensors along a new `axis`; `empty` gives the type and slice shape when there are none. */
export function stack(ts: readonly Tensor[], axis: number, empty: { type: Tensor['type']; dims: number[] }): Tensor {
  if (!ts.length) {
    const dims = [...empty.dims.slice(0, axis), 0, ...empty.dims.slice(axis)];
    return new T(empty.type, allocData(empty.type, 0) as never, dims);
  }
  const first = ts[0];
  for (const t of ts) {
    if (t.type !== first.type || t.dims.join() !== first.dims.join()) {
      throw new ExecutionError(`iterations produced different ${t.type !== first.type ? 'types' : 'shapes'} for one scan output ([${first.dims}] ${first.type} and [${t.dims}] ${t.type}); ONNX needs them equal to stack`);
    }
  }
  const slot = [...first.dims.slice(0, axis), 1, ...first.dims.slice(axis)];
  return concat(ts.map((t) => t.reshape(slot)), axis);
}

/** The first element of a scalar-like tensor as a number (bool, int64 and floats alike). */
export function scalar(t: Tensor, what: string): number {
  if (t.size < 1) throw new ExecutionError(`${what} is empty; it must hold one element`);
  return Number((t.data as ArrayLike<number | bigint>)[0]);
}

/** The declared element type and static shape of a body output, for a scan output with no iterations. */
export function emptyShape(v: ValueInfo | undefined): { type: Tensor['type']; dims: number[] } {
  const dims = v?.shape?.every((d) => typeof d === 'number') ? (v.shape as number[]) : [];
  return { type: v?.dtype ?? 'float32', dims };
}
