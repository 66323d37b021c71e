/**
 * The plan: which subgraph runs when and where, how each input reaches its adapter, and when
 * each value is freed. Computed once when a session is created, from the partition; the run
 * loop follows it step by step. A value, so it can be printed and tested like placement().
 */
import type { Subgraph } from './adapter.js';
import type { DataType } from './dtype.js';
import type { Dim } from './ir.js';

/**
 * How an input reaches the adapter that reads it:
 * - `none`: already there (produced on that adapter, or moved there by an earlier step);
 * - `upload`: from the host (a feed, or a value already downloaded);
 * - `copy`: device to device, the target having declared canCopyFrom(source's memory space)
 *   (if copyFrom() then declines, through the host);
 * - `host`: downloaded from the producing adapter, then uploaded.
 */
export type Transfer = 'none' | 'upload' | 'copy' | 'host';

/** Where a value comes from: a feed, an initializer, or the output of an earlier step. */
export type Source = { kind: 'feed' } | { kind: 'initializer' } | { kind: 'step'; step: number; adapter: string };

export interface PlanInput {
  name: string;
  dtype?: DataType;
  shape?: Dim[];
  from: Source;
  transfer: Transfer;
}

export interface PlanStep {
  step: number;
  /** The subgraph's id. */
  id: string;
  adapter: string;
  adapterIndex: number;
  /** Node names, in execution order. */
  nodes: string[];
  ops: string[];
  inputs: PlanInput[];
  outputs: { name: string; dtype?: DataType; shape?: Dim[] }[];
  /** Values whose last reader is this step: every copy of them is released after it. */
  release: string[];
}

export interface Plan {
  steps: PlanStep[];
  /** Graph outputs, each with where it is fetched from at the end of a run. */
  outputs: { name: string; from: Source }[];
  /** Nodes folded into constants (or removed as dead) when the session was created. */
  folded: string[];
  /** Transfers per run, by kind. */
  transfers: Record<Exclude<Transfer, 'none'>, number>;
}

export interface PlanAdapter {
  name: string;
  /** The memory space its handles live in. */
  space: string;
  /** Whether it declares copyFrom() for handles of a memory space. */
  canCopyFrom(space: string): boolean;
}

/**
 * Builds the plan for subgraphs in execution order. `feeds` are the graph's runtime inputs,
 * `initializers` the constants (which reach adapters at compile time, never per run).
 */
export function buildPlan(
  subgraphs: readonly { adapterIndex: number; subgraph: Subgraph }[],
  adapters: readonly PlanAdapter[],
  graph: { feeds: readonly string[]; initializers: ReadonlySet<string>; outputs: readonly string[] },
  folded: readonly string[] = [],
): Plan {
  const source = new Map<string, Source>();
  for (const f of graph.feeds) source.set(f, { kind: 'feed' });
  // where each value is resident during a run: adapter indices, plus the host
  const resident = new Map<string, { host: boolean; on: Set<number> }>();
  for (const f of graph.feeds) resident.set(f, { host: true, on: new Set() });
  const lastRead = new Map<string, number>();
  subgraphs.forEach((s, i) => s.subgraph.inputs.forEach((v) => lastRead.set(v.name, i)));
  const keep = new Set(graph.outputs);
  const transfers = { upload: 0, copy: 0, host: 0 };

  const steps = subgraphs.map(({ adapterIndex: t, subgraph: sg }, i): PlanStep => {
    const target = adapters[t];
    const inputs = sg.inputs.map((v): PlanInput => {
      const from = source.get(v.name);
      const r = resident.get(v.name);
      if (!from || !r) throw new Error(`plan: step ${i} (${sg.id}) reads '${v.name}', which no earlier step, feed or initializer provides`);
      let transfer: Transfer;
      if (r.on.has(t)) transfer = 'none';
      else if (r.host) transfer = 'upload';
      else {
        const src = from.kind === 'step' ? adapters[subgraphs[from.step].adapterIndex] : undefined;
        transfer = src && target.canCopyFrom(src.space) ? 'copy' : 'host';
        if (transfer === 'host') r.host = true;
      }
      if (transfer !== 'none') transfers[transfer]++;
      r.on.add(t);
      return { name: v.name, dtype: v.dtype, shape: v.shape, from, transfer };
    });
    for (const o of sg.outputs) {
      source.set(o.name, { kind: 'step', step: i, adapter: target.name });
      resident.set(o.name, { host: false, on: new Set([t]) });
    }
    const release = sg.inputs.map((v) => v.name).filter((n) => lastRead.get(n) === i && !keep.has(n));
    return {
      step: i, id: sg.id, adapter: target.name, adapterIndex: t,
      nodes: sg.nodes.map((n) => n.name), ops: sg.nodes.map((n) => n.opType),
      inputs, outputs: sg.outputs.map((o) => ({ name: o.name, dtype: o.dtype, shape: o.shape })), release,
    };
  });
  const outputs = graph.outputs.map((name) => {
    const from = source.get(name) ?? (graph.initializers.has(name) ? { kind: 'initializer' as const } : undefined);
    if (!from) throw new Error(`plan: graph output '${name}' is produced by no step, feed or initializer`);
    return { name, from };
  });
  return { steps, outputs, folded: [...folded], transfers };
}

const dims = (s: Dim[] | undefined) => (s ? `[${s.map((d) => d ?? '?').join(',')}]` : '[?]');
const where = (f: Source) => (f.kind === 'step' ? `step ${f.step} (${f.adapter})` : f.kind);

/** The plan as text, one block per step, for people (`anychip inspect`, logs). */
export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  const t = plan.transfers;
  lines.push(`${plan.steps.length} step(s); per run: ${t.upload} upload(s), ${t.copy} device copy(ies), ${t.host} trip(s) through the host${plan.folded.length ? `; ${plan.folded.length} node(s) folded at create` : ''}`);
  for (const s of plan.steps) {
    const ops = new Map<string, number>();
    for (const o of s.ops) ops.set(o, (ops.get(o) ?? 0) + 1);
    const hist = [...ops].map(([o, n]) => (n > 1 ? `${o} x${n}` : o)).join(', ');
    lines.push(`step ${s.step}  ${s.id}  on ${s.adapter}: ${s.nodes.length} node(s): ${hist}`);
    for (const i of s.inputs) lines.push(`  in   ${i.name}  ${i.dtype ?? '?'}${dims(i.shape)}  from ${where(i.from)}${i.transfer === 'none' ? '' : `, ${i.transfer}`}`);
    for (const o of s.outputs) lines.push(`  out  ${o.name}  ${o.dtype ?? '?'}${dims(o.shape)}`);
    if (s.release.length) lines.push(`  free ${s.release.join(', ')}`);
  }
  for (const o of plan.outputs) lines.push(`output ${o.name} from ${where(o.from)}`);
  return lines.join('\n');
}
