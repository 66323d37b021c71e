import type { Adapter, NodeQuery, Subgraph } from './adapter.js';
import { UnsupportedError } from './errors.js';
import { type Model, type Node, opsetOf, type ValueInfo } from './ir.js';
import type { InferValue } from './ops.js';

export interface Placement {
  node: string;
  opType: string;
  /** Name of the adapter that runs it. */
  adapter: string;
  /** Adapters earlier in the preference order that refused it, and why. */
  refused: { adapter: string; reason: string }[];
}

export interface Partition {
  placements: Placement[];
  /** Subgraphs in execution order, each with the index of its adapter. */
  subgraphs: { adapterIndex: number; subgraph: Subgraph }[];
}

const asInfo = (name: string, v: InferValue | undefined): ValueInfo => ({ name, dtype: v?.dtype, shape: v?.shape });

/**
 * Gives each node to the first adapter, in preference order, whose supports() accepts
 * it, then cuts the node order into runs on one adapter. Throws UnsupportedError that
 * lists every adapter's reason when no adapter takes a node.
 */
export function partition(model: Model, adapters: { adapter: Adapter; name: string }[], known: Map<string, InferValue>): Partition {
  const g = model.graph;
  const constants = new Set<string>([...known].filter(([, v]) => v.value).map(([k]) => k));
  const placements: Placement[] = [];
  const owner: number[] = [];
  for (const node of g.nodes) {
    const q: NodeQuery = {
      node, opset: opsetOf(model, node.domain), constants,
      inputs: node.inputs.map((x) => (x ? asInfo(x, known.get(x)) : undefined)),
      outputs: node.outputs.map((x) => (x ? asInfo(x, known.get(x)) : undefined)),
    };
    const refused: Placement['refused'] = [];
    let chosen = -1;
    for (let i = 0; i < adapters.length; i++) {
      let ans;
      try {
        ans = adapters[i].adapter.supports(q);
      } catch (e) {
        ans = { ok: false as const, reason: `supports() threw: ${(e as Error).message}` };
      }
      if (ans.ok) { chosen = i; break; }
      refused.push({ adapter: adapters[i].name, reason: ans.reason });
    }
    if (chosen < 0) {
      const domain = node.domain ? `${node.domain}.` : '';
      throw new UnsupportedError(`no adapter can run node '${node.name || node.opType}' (${domain}${node.opType}, opset ${q.opset}): ${refused.map((r) => `${r.adapter}: ${r.reason}`).join('; ')}`);
    }
    owner.push(chosen);
    placements.push({ node: node.name, opType: node.opType, adapter: adapters[chosen].name, refused });
  }

  const runs: { adapterIndex: number; nodes: Node[] }[] = [];
  g.nodes.forEach((n, i) => {
    const last = runs[runs.length - 1];
    if (last && last.adapterIndex === owner[i]) last.nodes.push(n);
    else runs.push({ adapterIndex: owner[i], nodes: [n] });
  });

  // which values each run needs from outside and must give to the outside
  const consumers = new Map<string, Set<number>>();
  runs.forEach((r, ri) => r.nodes.forEach((n) => n.inputs.forEach((x) => { if (x) (consumers.get(x) ?? consumers.set(x, new Set()).get(x)!).add(ri); })));
  const graphOutputs = new Set(g.outputs.map((o) => o.name));
  const subgraphs = runs.map((r, ri) => {
    const produced = new Set(r.nodes.flatMap((n) => n.outputs.filter(Boolean)));
    const inputs: string[] = [];
    const inits = new Map<string, import('./tensor.js').Tensor>();
    for (const n of r.nodes) for (const x of n.inputs) {
      if (!x || produced.has(x)) continue;
      const t = g.initializers.get(x);
      if (t) inits.set(x, t);
      else if (!inputs.includes(x)) inputs.push(x);
    }
    const outputs = [...produced].filter((v) => graphOutputs.has(v) || [...(consumers.get(v) ?? [])].some((c) => c !== ri));
    const subgraph: Subgraph = {
      id: `sg${ri}`, nodes: r.nodes, initializers: inits, opsets: model.opsetImports,
      inputs: inputs.map((x) => asInfo(x, known.get(x))),
      outputs: outputs.map((x) => asInfo(x, known.get(x))),
    };
    return { adapterIndex: r.adapterIndex, subgraph };
  });
  return { placements, subgraphs };
}

/** For each value, the index of the last step that reads it; outputs are kept to the end. */
export function lastUses(steps: { subgraph: Subgraph }[], keep: Iterable<string>): Map<string, number> {
  const last = new Map<string, number>();
  steps.forEach((s, i) => s.subgraph.inputs.forEach((v) => last.set(v.name, i)));
  for (const k of keep) last.set(k, Infinity);
  return last;
}
