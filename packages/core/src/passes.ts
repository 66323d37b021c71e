import { ModelError } from './errors.js';
import { type Graph, type Model, type Node, type ValueInfo, opsetOf } from './ir.js';
import { constantValue, getOpSchema, type InferValue } from './ops.js';

/**
 * Orders nodes so every value is produced before it is read. Throws ModelError for a
 * cycle, a value produced twice, or a value read that nothing produces.
 * `outer` names values visible from an enclosing graph (for subgraph attributes).
 */
export function topoSort(g: Graph, outer: ReadonlySet<string> = new Set()): Node[] {
  const producer = new Map<string, number>();
  g.nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      if (!o) continue;
      if (producer.has(o)) throw new ModelError(`value '${o}' is produced by two nodes ('${g.nodes[producer.get(o)!].name}' and '${n.name}'); the graph is not in SSA form`);
      producer.set(o, i);
    }
  });
  const available = new Set<string>([...outer, ...g.inputs.map((i) => i.name), ...g.initializers.keys()]);
  const indeg = new Array<number>(g.nodes.length).fill(0);
  const users = new Map<number, number[]>();
  g.nodes.forEach((n, i) => {
    const deps = new Set<number>();
    for (const name of nodeReads(n)) {
      if (!name || available.has(name)) continue;
      const p = producer.get(name);
      if (p === undefined) throw new ModelError(`node '${n.name || n.opType}' (${n.opType}) reads '${name}', which no node, input or initializer provides`);
      deps.add(p);
    }
    indeg[i] = deps.size;
    for (const d of deps) (users.get(d) ?? users.set(d, []).get(d)!).push(i);
  });
  const ready: number[] = [];
  indeg.forEach((d, i) => { if (d === 0) ready.push(i); });
  const order: Node[] = [];
  for (let k = 0; k < ready.length; k++) {
    const i = ready[k];
    order.push(g.nodes[i]);
    for (const u of users.get(i) ?? []) if (--indeg[u] === 0) ready.push(u);
  }
  if (order.length !== g.nodes.length) {
    const stuck = g.nodes.filter((_, i) => indeg[i] > 0).map((n) => n.name || n.opType);
    throw new ModelError(`the graph has a cycle through ${stuck.length} node(s): ${stuck.slice(0, 5).join(', ')}${stuck.length > 5 ? ', ...' : ''}`);
  }
  return order;
}

/** Every value a node reads, including those its subgraph attributes capture from outside. */
export function nodeReads(n: Node): string[] {
  const reads = [...n.inputs];
  for (const a of Object.values(n.attributes)) {
    const gs = a.type === 'graph' ? [a.value] : a.type === 'graphs' ? a.value : [];
    for (const sg of gs) reads.push(...capturedValues(sg));
  }
  return reads;
}

/** Values a subgraph reads from its enclosing scope. */
export function capturedValues(g: Graph): string[] {
  const local = new Set<string>([...g.inputs.map((i) => i.name), ...g.initializers.keys()]);
  for (const n of g.nodes) for (const o of n.outputs) local.add(o);
  const out = new Set<string>();
  for (const n of g.nodes) for (const r of nodeReads(n)) if (r && !local.has(r)) out.add(r);
  return [...out];
}

/** Turns Constant nodes into initializers, so adapters see weights as weights. */
export function liftConstants(g: Graph): Graph {
  const nodes: Node[] = [];
  const initializers = new Map(g.initializers);
  for (const n of g.nodes) {
    if (n.opType === 'Constant' && (n.domain === '' || n.domain === 'ai.onnx')) {
      const t = constantValue(n);
      if (!t) throw new ModelError(`Constant node '${n.name}' has no value attribute`);
      initializers.set(n.outputs[0], t);
    } else nodes.push(n);
  }
  return { ...g, nodes, initializers };
}

/** Checks a loaded model's basic integrity and returns it with nodes in topological order. */
export function prepareModel(model: Model): Model {
  if (!model.graph) throw new ModelError('the model has no graph');
  const seen = new Set<string>();
  for (const i of model.graph.inputs) {
    if (seen.has(i.name)) throw new ModelError(`graph input '${i.name}' is declared twice`);
    seen.add(i.name);
  }
  let graph = liftConstants(model.graph);
  graph = { ...graph, nodes: topoSort(graph) };
  for (const o of graph.outputs) {
    const produced = graph.nodes.some((n) => n.outputs.includes(o.name)) || graph.initializers.has(o.name) || graph.inputs.some((i) => i.name === o.name);
    if (!produced) throw new ModelError(`graph output '${o.name}' is not produced by any node`);
  }
  return { ...model, graph };
}

/**
 * Type and shape inference over a topologically sorted graph. Returns what is known
 * of every value; unknown ops leave their outputs unknown rather than failing.
 */
export function inferTypes(model: Model, inputOverrides?: Map<string, ValueInfo>): Map<string, InferValue> {
  const g = model.graph;
  const known = new Map<string, InferValue>();
  for (const [name, t] of g.initializers) known.set(name, { dtype: t.type, shape: [...t.dims], value: t });
  for (const i of g.inputs) if (!known.has(i.name)) {
    const o = inputOverrides?.get(i.name) ?? i;
    known.set(i.name, { dtype: o.dtype, shape: o.shape });
  }
  for (const n of g.nodes) {
    const schema = getOpSchema(n.domain, n.opType);
    let outs: InferValue[] = [];
    if (schema?.infer) {
      try {
        outs = schema.infer({ node: n, opset: opsetOf(model, n.domain), inputs: n.inputs.map((x) => (x ? known.get(x) : undefined)) });
      } catch {
        outs = [];
      }
    }
    n.outputs.forEach((o, k) => {
      if (!o) return;
      const declared = g.valueInfo.get(o) ?? g.outputs.find((v) => v.name === o);
      const inf = outs[k] ?? {};
      known.set(o, { dtype: inf.dtype ?? declared?.dtype, shape: inf.shape ?? declared?.shape, value: inf.value });
    });
  }
  return known;
}
