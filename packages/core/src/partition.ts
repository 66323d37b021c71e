import type { Adapter, NodeQuery, ResolvedAdapterDescription, Subgraph } from './adapter.js';
import { UnsupportedError } from './errors.js';
import { type Model, type Node, opsetOf, type ValueInfo } from './ir.js';
import type { InferValue } from './ops.js';
import { opVersion } from './opversions.js';
import { nodeReads } from './passes.js';
import type { Tensor } from './tensor.js';

export interface Placement {
  node: string;
  opType: string;
  /** Name of the adapter that runs it. */
  adapter: string;
  /** Adapters earlier in the preference order that refused it, and why. */
  refused: { adapter: string; reason: string }[];
}

export interface PartitionSlot {
  adapter: Adapter<any, any>;
  name: string;
  description: ResolvedAdapterDescription;
}

export interface Partition {
  /** One per node, in execution order. */
  placements: Placement[];
  /** Subgraphs in execution order, each with the index of its adapter. */
  subgraphs: { adapterIndex: number; subgraph: Subgraph }[];
}

/** Refusals learnt after supports() said yes (a failed compile): node name -> adapter index -> reason. */
export type LateRefusals = Map<string, Map<number, string>>;

const asInfo = (name: string, v: InferValue | undefined): ValueInfo => ({ name, dtype: v?.dtype, shape: v?.shape });

/**
 * Gives each node to the first adapter, in preference order, that takes it: its declared
 * dtypes must cover the node's runtime inputs and outputs, supports() must say yes, and no
 * earlier compile of the node on it may have failed. Throws UnsupportedError listing every
 * adapter's reason when none takes a node.
 */
export function placeNodes(model: Model, slots: PartitionSlot[], known: Map<string, InferValue>, late: LateRefusals = new Map()): { owner: number[]; placements: Placement[] } {
  const g = model.graph;
  const constants = new Set<string>(g.initializers.keys());
  const placements: Placement[] = [];
  const owner: number[] = [];
  for (const node of g.nodes) {
    const opset = opsetOf(model, node.domain);
    const q: NodeQuery = {
      node, opset, version: opVersion(node.domain, node.opType, opset), constants,
      inputs: node.inputs.map((x) => (x ? asInfo(x, known.get(x)) : undefined)),
      outputs: node.outputs.map((x) => (x ? asInfo(x, known.get(x)) : undefined)),
    };
    const refused: Placement['refused'] = [];
    let chosen = -1;
    for (let i = 0; i < slots.length; i++) {
      const why = late.get(node.name)?.get(i) ?? undeclaredType(node, slots[i], known, constants) ?? ask(slots[i].adapter, q);
      if (why === undefined) { chosen = i; break; }
      refused.push({ adapter: slots[i].name, reason: why });
    }
    if (chosen < 0) {
      const domain = node.domain ? `${node.domain}.` : '';
      throw new UnsupportedError(`no adapter can run node '${node.name}' (${domain}${node.opType}, opset ${opset}): ${refused.map((r) => `${r.adapter}: ${r.reason}`).join('; ')}`);
    }
    owner.push(chosen);
    placements.push({ node: node.name, opType: node.opType, adapter: slots[chosen].name, refused });
  }
  return { owner, placements };
}

function ask(adapter: Adapter<any, any>, q: NodeQuery): string | undefined {
  try {
    const ans = adapter.supports(q);
    return ans.ok ? undefined : ans.reason;
  } catch (e) {
    return `supports() threw: ${(e as Error).message}`;
  }
}

/** The declared dtypes drive placement: a runtime value of a type the device does not hold is refused here. */
function undeclaredType(node: Node, slot: PartitionSlot, known: Map<string, InferValue>, constants: ReadonlySet<string>): string | undefined {
  const dtypes = slot.description.dtypes;
  const check = (name: string, role: string) => {
    const t = known.get(name)?.dtype;
    return t && !dtypes.includes(t) ? `${role} '${name}' is ${t}, which ${slot.name} does not declare (its dtypes: ${dtypes.join(', ')})` : undefined;
  };
  for (const x of nodeReads(node)) if (x && !constants.has(x)) { const why = check(x, 'input'); if (why) return why; }
  for (const o of node.outputs) if (o) { const why = check(o, 'output'); if (why) return why; }
  return undefined;
}

/**
 * A topological order that keeps each adapter's nodes together: it stays on the current
 * adapter while any of its nodes is ready and switches only when blocked, so shape
 * arithmetic on a fallback adapter does not cut an accelerator's graph into slivers. Ties
 * keep the model's own order.
 */
export function placementOrder(nodes: Node[], owner: number[]): number[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => { if (o) producer.set(o, i); }));
  const users: number[][] = nodes.map(() => []);
  const indeg = nodes.map((n, i) => {
    const deps = new Set<number>();
    for (const r of nodeReads(n)) { const p = r ? producer.get(r) : undefined; if (p !== undefined && p !== i) deps.add(p); }
    for (const d of deps) users[d].push(i);
    return deps.size;
  });
  // per adapter, its ready nodes as a min-heap on the model's order
  const ready = new Map<number, number[]>();
  const push = (i: number) => {
    const h = ready.get(owner[i]) ?? ready.set(owner[i], []).get(owner[i])!;
    h.push(i);
    for (let k = h.length - 1; k > 0;) { const p = (k - 1) >> 1; if (h[p] <= h[k]) break; [h[p], h[k]] = [h[k], h[p]]; k = p; }
  };
  const pop = (h: number[]) => {
    const top = h[0], last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let k = 0; ;) {
        const l = 2 * k + 1, r = l + 1;
        let m = k;
        if (l < h.length && h[l] < h[m]) m = l;
        if (r < h.length && h[r] < h[m]) m = r;
        if (m === k) break;
        [h[m], h[k]] = [h[k], h[m]]; k = m;
      }
    }
    return top;
  };
  indeg.forEach((d, i) => { if (d === 0) push(i); });
  const order: number[] = [];
  let cur = -1;
  while (order.length < nodes.length) {
    let h = ready.get(cur);
    if (!h?.length) {
      // blocked: switch to the adapter whose next ready node comes first in the model
      let best = -1;
      for (const [a, q] of ready) if (q.length && (best < 0 || q[0] < ready.get(best)![0])) best = a;
      if (best < 0) throw new Error('placementOrder: the graph has a cycle (prepareModel should have caught it)');
      cur = best;
      h = ready.get(cur)!;
    }
    const i = pop(h);
    order.push(i);
    for (const u of users[i]) if (--indeg[u] === 0) push(u);
  }
  return order;
}

/**
 * Cuts nodes (already in execution order) into runs on one adapter and works out what each
 * run reads from outside (values nested graphs capture from enclosing scopes included) and
 * must hand to the rest of the graph.
 */
export function cutSubgraphs(model: Model, nodes: Node[], owner: number[], known: Map<string, InferValue>): Partition['subgraphs'] {
  const g = model.graph;
  const runs: { adapterIndex: number; nodes: Node[] }[] = [];
  nodes.forEach((n, i) => {
    const last = runs[runs.length - 1];
    if (last && last.adapterIndex === owner[i]) last.nodes.push(n);
    else runs.push({ adapterIndex: owner[i], nodes: [n] });
  });
  const reads = runs.map((r) => r.nodes.map((n) => nodeReads(n)));
  const consumers = new Map<string, Set<number>>();
  reads.forEach((rr, ri) => rr.forEach((xs) => xs.forEach((x) => { if (x) (consumers.get(x) ?? consumers.set(x, new Set()).get(x)!).add(ri); })));
  const graphOutputs = new Set(g.outputs.map((o) => o.name));
  return runs.map((r, ri) => {
    const produced = new Set(r.nodes.flatMap((n) => n.outputs.filter(Boolean)));
    const inputs: string[] = [];
    const inits = new Map<string, Tensor>();
    for (const xs of reads[ri]) for (const x of xs) {
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
}

/**
 * Places every node, orders the nodes so each adapter's stay together, and cuts the order
 * into subgraphs. `late` carries refusals learnt from failed compiles.
 */
export function partition(model: Model, slots: PartitionSlot[], known: Map<string, InferValue>, late?: LateRefusals): Partition {
  const { owner, placements } = placeNodes(model, slots, known, late);
  const order = placementOrder(model.graph.nodes, owner);
  const nodes = order.map((i) => model.graph.nodes[i]);
  return {
    placements: order.map((i) => placements[i]),
    subgraphs: cutSubgraphs(model, nodes, order.map((i) => owner[i]), known),
  };
}
