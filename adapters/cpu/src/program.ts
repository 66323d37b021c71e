/**
 * A compiled subgraph on the cpu: a kernel list over value slots. The adapter compiles the
 * session's subgraphs into programs, and the control-flow kernels (If, Loop, Scan) compile
 * their bodies into programs the same way, so nested graphs run on the same kernels.
 */
import { AnychipError, ExecutionError, type Node, type Subgraph, type Tensor, capturedValues } from '@anychip/core';
import { findChains } from './fuse.js';
import type { KernelDef, KernelFn } from './kernel.js';
import { KERNELS } from './kernels/index.js';

interface Step {
  node: string;
  opType: string;
  fn: KernelFn;
  /** slot index per input, -1 for an omitted optional input; values nested graphs read come last */
  inputs: number[];
  outputs: number[];
  /** slots whose last reader is this step */
  free: number[];
}

export interface Program {
  steps: Step[];
  slots: number;
  inputSlots: number[];
  outputSlots: number[];
  constants: { slot: number; tensor: Tensor }[];
}

// built on first use: kernels/index.ts imports the control-flow kernels, which import this file
let byOpCache: Map<string, KernelDef> | undefined;
export function kernelOf(domain: string, opType: string): KernelDef | undefined {
  byOpCache ??= new Map(KERNELS.map((k) => [`${k.domain ?? ''}::${k.opType}`, k]));
  return byOpCache.get(`${domain === 'ai.onnx' ? '' : domain}::${opType}`);
}

/** Values a node's nested graphs (If branches, Loop and Scan bodies) read from enclosing scopes. */
export function capturedBy(node: Node): string[] {
  const out = new Set<string>();
  for (const a of Object.values(node.attributes)) {
    const gs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
    for (const g of gs) for (const v of capturedValues(g)) if (v) out.add(v);
  }
  return [...out];
}

/** Builds the kernel list for a subgraph; chains of elementwise nodes fuse when `fuse` is on. */
export function compileProgram(sg: Subgraph, fuse: boolean): Program {
  const slotOf = new Map<string, number>();
  const slot = (v: string) => slotOf.get(v) ?? (slotOf.set(v, slotOf.size), slotOf.size - 1);
  const inputSlots = sg.inputs.map((v) => slot(v.name));
  const constants = [...sg.initializers].map(([v, tensor]) => ({ slot: slot(v), tensor }));
  const kernelFor = (node: Node, captured: string[]): KernelFn => {
    const k = kernelOf(node.domain, node.opType);
    if (!k) throw new ExecutionError(`no cpu kernel for ${node.opType}`);
    return k.create({
      node, opset: sg.opsets[node.domain === 'ai.onnx' ? '' : node.domain] ?? 0, fuse, opsets: sg.opsets,
      constant: (i) => sg.initializers.get(node.inputs[i]), captured, outerConstant: (name) => sg.initializers.get(name),
    });
  };
  const chains = findChains(sg, fuse);
  const chainAt = new Map(chains.map((c) => [c.nodes[c.nodes.length - 1], c]));
  const fused = new Set(chains.flatMap((c) => c.nodes));
  const steps: Step[] = [];
  for (const node of sg.nodes) {
    const chain = chainAt.get(node);
    if (chain) {
      const loop = chain.build();
      const parts = chain.nodes.map((n) => ({ n, fn: kernelFor(n, []) }));
      const fn: KernelFn = (ins) => {
        const r = loop(ins);
        if (r.length) return r;
        // shapes differ from the chain input's (broadcasting): run the nodes one by one
        const local = new Map<string, Tensor | undefined>(chain.inputs.map((v, i) => [v, ins[i]]));
        for (const p of parts) {
          const outs = p.fn(p.n.inputs.map((x) => (x ? local.get(x) ?? sg.initializers.get(x) : undefined)));
          p.n.outputs.forEach((o, i) => local.set(o, outs[i]));
        }
        return [local.get(chain.output)!];
      };
      steps.push({ node: chain.nodes.map((n) => n.name).join('+'), opType: `Fused(${chain.nodes.map((n) => n.opType).join('+')})`, fn, inputs: chain.inputs.map(slot), outputs: [slot(chain.output)], free: [] });
      continue;
    }
    if (fused.has(node)) continue;
    const captured = capturedBy(node);
    steps.push({
      node: node.name, opType: node.opType, fn: kernelFor(node, captured),
      inputs: [...node.inputs.map((v) => (v ? slot(v) : -1)), ...captured.map(slot)],
      outputs: node.outputs.map((v) => (v ? slot(v) : -1)), free: [],
    });
  }
  const outputSlots = sg.outputs.map((v) => slot(v.name));
  // drop intermediates after their last reader so peak memory tracks the live set
  const keep = new Set([...outputSlots, ...constants.map((c) => c.slot)]);
  const last = new Map<number, number>();
  steps.forEach((s, i) => s.inputs.forEach((x) => { if (x >= 0) last.set(x, i); }));
  for (const [s, i] of last) if (!keep.has(s)) steps[i].free.push(s);
  return { steps, slots: slotOf.size, inputSlots, outputSlots, constants };
}

/** Runs a program; kernel errors name the node. */
export function runProgram(p: Program, inputs: readonly (Tensor | undefined)[]): Tensor[] {
  const env = new Array<Tensor | undefined>(p.slots);
  p.inputSlots.forEach((s, i) => { env[s] = inputs[i]; });
  for (const k of p.constants) env[k.slot] = k.tensor;
  for (const s of p.steps) {
    let outs: Tensor[];
    try {
      outs = s.fn(s.inputs.map((i) => (i >= 0 ? env[i] : undefined)));
    } catch (e) {
      const where = `node '${s.node}' (${s.opType})`;
      if (e instanceof AnychipError) {
        const Ctor = e.constructor as new (m: string, o?: { cause?: unknown }) => AnychipError;
        throw new Ctor(`${where}: ${e.message}`, { cause: e });
      }
      throw new ExecutionError(`${where} failed on cpu: ${(e as Error).message}`, { cause: e });
    }
    s.outputs.forEach((o, i) => { if (o >= 0) env[o] = outs[i]; });
    for (const f of s.free) env[f] = undefined;
  }
  return p.outputSlots.map((s) => {
    const t = env[s];
    if (!t) throw new ExecutionError(`cpu program: output slot ${s} was never written`);
    return t;
  });
}
