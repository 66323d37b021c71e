/**
 * Elementwise fusion for the CPU adapter. A chain of elementwise nodes, each the only
 * reader of the previous one's output, becomes one generated loop: one pass over memory
 * instead of one per op, and no intermediate tensors. Every step is rounded to float32
 * (Math.fround) so fused results are bit-identical to running the nodes one by one.
 *
 * Each step calls the same scalar function as the op's unfused kernel (elementwise-math.ts).
 * Other operands must be scalar constants or float32 tensors of the chain's shape; a run
 * whose shapes differ falls back to the unfused kernels.
 */
import { type Node, type Subgraph, type Tensor, Tensor as T } from '@anychip/core';
import { BINARY, UNARY, clipBounds, clipFn } from './elementwise-math.js';
import type { KernelFn } from './kernel.js';

export { canGenerateCode } from './elementwise.js';

type FusedLoop = (o: Float32Array, n: number, ...a: Float32Array[]) => void;

const loops = new Map<string, FusedLoop>();
let generated = 0;

/**
 * One generated function per distinct chain. Chains alike in ops, constants and attributes
 * (the 20-odd HardSwish blocks of a MobileNet) share it, so it warms up and is optimised
 * once. Distinct chains get distinct source (a numbered name): V8 caches code by source
 * text, and one function shared by chains with different bound closures runs ~2x slower.
 */
function loopFor(key: string, body: string, bound: unknown[]): FusedLoop {
  let loop = loops.get(key);
  if (!loop) {
    if (loops.size >= 4096) loops.clear();
    // const bindings: the optimiser may treat the closures as constants
    const src = `const ${bound.map((_, k) => `k${k} = k[${k}]`).join(', ')}; return function fused_${++generated}${body};`;
    // eslint-disable-next-line no-new-func
    loop = new Function('k', src)(bound) as FusedLoop;
    loops.set(key, loop);
  }
  return loop;
}

const num = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
const nanBits = (v: number) => new Uint32Array(Float64Array.of(v).buffer).join(':');

/**
 * A number as a source literal (constant-folded, ~10% faster than a bound value), exactly:
 * String() round-trips a double. NaN has none that keeps its payload.
 */
function lit(v: number): string | undefined {
  if (Number.isNaN(v)) return undefined;
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return Object.is(v, -0) ? '-0' : `(${String(v)})`;
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
  // The generated loop calls the kernels' own scalar functions, bound as constants of
  // the loop's closure, so both paths agree bit for bit. `what` names each bound value,
  // so chains that are the same up to node names share one loop (see loopFor).
  const bound: unknown[] = [], what: string[] = [];
  const bind = (v: unknown, name: string): string => { what.push(name); return `k${bound.push(v) - 1}`; };
  const operand = (name: string): string => {
    const s = scalarOf(sg, name);
    if (s !== undefined) return lit(s) ?? bind(s, `NaN ${nanBits(s)}`);
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
      const limit = (i: number) => (n.inputs[i] ? scalarOf(sg, n.inputs[i]) : undefined);
      const [lo, hi] = clipBounds(n, opset, 'float32', limit(1), limit(2));
      expr = `${bind(clipFn(lo as number, hi as number), `Clip ${num(lo as number)} ${num(hi as number)}`)}(${acc})`;
    } else if (UNARY[n.opType]) {
      const attrs = JSON.stringify(n.attributes, (_, v) => (typeof v === 'number' ? num(v) : v));
      expr = `${bind(UNARY[n.opType](n, Math.fround), `${n.opType} ${attrs}`)}(${acc})`;
    } else {
      const other = operand(n.inputs[1 - main]);
      expr = `${bind(BINARY[n.opType], n.opType)}(${main === 0 ? `${acc}, ${other}` : `${other}, ${acc}`})`;
    }
    const t = `t${lines.length}`;
    lines.push(`const ${t} = Math.fround(${expr});`);
    acc = t;
    prev = n.outputs[0];
  }
  const loads = inputs.map((_, k) => `const v${k} = a${k}[i];`).join(' ');
  const body = `(o, n, ${inputs.map((_, k) => `a${k}`).join(', ')}) { for (let i = 0; i < n; i++) { ${loads} ${lines.join(' ')} o[i] = ${acc}; } }`;
  const output = nodes[nodes.length - 1].outputs[0];
  return {
    nodes, inputs, output,
    build: () => {
      const loop = loopFor(`${what.join('; ')}\n${body}`, body, bound);
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
