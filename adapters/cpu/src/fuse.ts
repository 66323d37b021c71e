/**
 * Elementwise fusion for the CPU adapter. A chain of elementwise nodes, each the only
 * reader of the previous one's output, becomes one generated loop: one pass over memory
 * instead of one per op, and no intermediate tensors. Every step is rounded to float32
 * (Math.fround) so fused results are bit-identical to running the nodes one by one.
 *
 * Other operands must be scalar constants (baked in) or float32 tensors of the chain's
 * shape; a run whose shapes differ falls back to the unfused kernels.
 */
import { type Node, type Subgraph, type Tensor, Tensor as T, attrFloat } from '@anychip/core';
import type { KernelFn } from './kernel.js';

const UNARY: Record<string, (v: string, n: Node) => string> = {
  Relu: (v) => `(${v} > 0 ? ${v} : 0)`,
  Neg: (v) => `-${v}`,
  Abs: (v) => `Math.abs(${v})`,
  Sqrt: (v) => `Math.sqrt(${v})`,
  Exp: (v) => `Math.exp(${v})`,
  Tanh: (v) => `Math.tanh(${v})`,
  Sigmoid: (v) => `(${v} >= 0 ? 1 / (1 + Math.exp(-${v})) : Math.exp(${v}) / (1 + Math.exp(${v})))`,
  HardSigmoid: (v, n) => `Math.min(1, Math.max(0, ${lit(attrFloat(n, 'alpha', 0.2))} * ${v} + ${lit(attrFloat(n, 'beta', 0.5))}))`,
  HardSwish: (v) => `(${v} * Math.min(1, Math.max(0, ${v} / 6 + 0.5)))`,
  LeakyRelu: (v, n) => `(${v} >= 0 ? ${v} : ${lit(attrFloat(n, 'alpha', 0.01))} * ${v})`,
};
const BINARY: Record<string, (a: string, b: string) => string> = {
  Add: (a, b) => `${a} + ${b}`,
  Sub: (a, b) => `${a} - ${b}`,
  Mul: (a, b) => `${a} * ${b}`,
  Div: (a, b) => `${a} / ${b}`,
};

function lit(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return `(${String(v)})`;
}

function scalarOf(sg: Subgraph, name: string): number | undefined {
  const t = sg.initializers.get(name);
  return t && t.type === 'float32' && t.size === 1 ? (t.data as Float32Array)[0] : undefined;
}

function fusable(n: Node, sg: Subgraph): boolean {
  if (n.domain !== '') return false;
  if (UNARY[n.opType]) return n.inputs.length === 1;
  if (BINARY[n.opType]) return n.inputs.length === 2;
  if (n.opType === 'Clip') {
    const opset = sg.opsets[''] ?? 0;
    return opset < 11 || n.inputs.slice(1).every((x) => !x || scalarOf(sg, x) !== undefined);
  }
  return false;
}

export interface Chain {
  nodes: Node[];
  /** Runtime tensors the fused loop reads: [chain input, other operands...]. */
  inputs: string[];
  output: string;
  build: () => KernelFn;
}

/** Finds fusable chains (2+ nodes) in a subgraph. */
export function findChains(sg: Subgraph, canGenerate: boolean): Chain[] {
  if (!canGenerate) return [];
  const readers = new Map<string, Node[]>();
  for (const n of sg.nodes) for (const x of n.inputs) if (x) (readers.get(x) ?? readers.set(x, []).get(x)!).push(n);
  const exported = new Set(sg.outputs.map((o) => o.name));
  const taken = new Set<Node>();
  const chains: Chain[] = [];
  for (const start of sg.nodes) {
    if (taken.has(start) || !fusable(start, sg)) continue;
    const nodes = [start];
    let cur = start;
    for (;;) {
      const out = cur.outputs[0];
      const rs = readers.get(out) ?? [];
      if (exported.has(out) || rs.length !== 1) break;
      const next = rs[0];
      if (taken.has(next) || !fusable(next, sg) || next.inputs.filter((x) => x === out).length !== 1) break;
      nodes.push(next);
      cur = next;
    }
    if (nodes.length < 2) continue;
    const chain = compileChain(nodes, sg);
    if (!chain) continue;
    nodes.forEach((n) => taken.add(n));
    chains.push(chain);
  }
  return chains;
}

function compileChain(nodes: Node[], sg: Subgraph): Chain | undefined {
  const first = nodes[0];
  // the chain's own input: input 0 of the first node unless that one is a scalar constant
  const mainIdx = BINARY[first.opType] && scalarOf(sg, first.inputs[0]) !== undefined ? 1 : 0;
  const inputs = [first.inputs[mainIdx]];
  if (scalarOf(sg, inputs[0]) !== undefined) return undefined;
  const operand = (name: string): string => {
    const s = scalarOf(sg, name);
    if (s !== undefined) return lit(s);
    let k = inputs.indexOf(name);
    if (k < 0) { k = inputs.length; inputs.push(name); }
    return `v${k}`;
  };
  const lines: string[] = [];
  let acc = 'v0';
  let prev: string | undefined;
  const opset = sg.opsets[''] ?? 0;
  for (const n of nodes) {
    const main = prev === undefined ? (n === first ? mainIdx : 0) : n.inputs.indexOf(prev);
    let expr: string;
    if (n.opType === 'Clip') {
      const lo = opset < 11 ? attrFloat(n, 'min', -3.4028234663852886e38) : n.inputs[1] ? scalarOf(sg, n.inputs[1])! : -Infinity;
      const hi = opset < 11 ? attrFloat(n, 'max', 3.4028234663852886e38) : n.inputs[2] ? scalarOf(sg, n.inputs[2])! : Infinity;
      expr = `(${acc} < ${lit(lo)} ? ${lit(lo)} : ${acc} > ${lit(hi)} ? ${lit(hi)} : ${acc})`;
    } else if (UNARY[n.opType]) {
      expr = UNARY[n.opType](acc, n);
    } else {
      const other = operand(n.inputs[1 - main]);
      expr = main === 0 ? BINARY[n.opType](acc, other) : BINARY[n.opType](other, acc);
    }
    const t = `t${lines.length}`;
    lines.push(`const ${t} = Math.fround(${expr});`);
    acc = t;
    prev = n.outputs[0];
  }
  const loads = inputs.map((_, k) => `const v${k} = a${k}[i];`).join(' ');
  const src = `return function fused(o, n, ${inputs.map((_, k) => `a${k}`).join(', ')}) { for (let i = 0; i < n; i++) { ${loads} ${lines.join(' ')} o[i] = ${acc}; } };`;
  const output = nodes[nodes.length - 1].outputs[0];
  return {
    nodes, inputs, output,
    build: () => {
      // eslint-disable-next-line no-new-func
      const loop = new Function(src)() as (o: Float32Array, n: number, ...a: Float32Array[]) => void;
      return (ts: (Tensor | undefined)[]) => {
        const x = ts[0]!;
        const ok = x.type === 'float32' && ts.every((t) => t && t.type === 'float32' && t.size === x.size && t.dims.length === x.dims.length && t.dims.every((d, i) => d === x.dims[i]));
        if (!ok) return [];
        const out = new Float32Array(x.size);
        loop(out, x.size, ...ts.map((t) => t!.data as Float32Array));
        return [new T('float32', out, x.dims)];
      };
    },
  };
}

/** Whether this host lets us generate code (a strict Content-Security-Policy forbids it). */
export function canGenerateCode(): boolean {
  try {
    return (new Function('return 1') as () => number)() === 1;
  } catch {
    return false;
  }
}
