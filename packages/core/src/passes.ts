import { BadInputError, ModelError } from './errors.js';
import { evaluateNode } from './fold.js';
import { type Dim, type Graph, type Model, type Node, type ValueInfo, opsetOf } from './ir.js';
import { constantValue, getOpSchema, type InferValue } from './ops.js';
import type { Tensor } from './tensor.js';

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
  // a body may also return an enclosing value as it is, with no node in between
  for (const o of g.outputs) if (o.name && !local.has(o.name)) out.add(o.name);
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
  graph = { ...graph, nodes: nameNodes(topoSort(graph)) };
  for (const o of graph.outputs) {
    const produced = graph.nodes.some((n) => n.outputs.includes(o.name)) || graph.initializers.has(o.name) || graph.inputs.some((i) => i.name === o.name);
    if (!produced) throw new ModelError(`graph output '${o.name}' is not produced by any node`);
  }
  return { ...model, graph };
}

/**
 * Gives every node a unique name (placement(), plans and compile errors refer to nodes by
 * name): unnamed nodes become `<OpType>_<k>`, repeated names get a `__<k>` suffix.
 */
function nameNodes(nodes: Node[]): Node[] {
  const taken = new Set(nodes.map((n) => n.name).filter(Boolean));
  const used = new Set<string>();
  const fresh = (base: string) => {
    let k = 0, name = base;
    while (taken.has(name) || used.has(name)) name = `${base}${base.endsWith('_') ? '' : '__'}${++k}`;
    return name;
  };
  let unnamed = 0;
  return nodes.map((n) => {
    let name = n.name;
    if (!name) {
      do name = `${n.opType}_${unnamed++}`; while (taken.has(name) || used.has(name));
    } else if (used.has(name)) name = fresh(name);
    used.add(name);
    return name === n.name ? n : { ...n, name };
  });
}

/**
 * Binds the model's inputs to static shapes: `inputShapes` by input name, and
 * `freeDimensionOverrides` by symbolic dim name (onnxruntime's option of that name). Returns
 * the model with those inputs declared at the given shapes, so inference, compile and the
 * feed checks all see them. Throws BadInputError for a name or rank that does not fit.
 */
export function bindInputShapes(model: Model, inputShapes: Record<string, readonly Dim[]> = {}, freeDims: Record<string, number> = {}): Model {
  const g = model.graph;
  const names = new Set(g.inputs.map((i) => i.name));
  for (const k of Object.keys(inputShapes)) {
    if (!names.has(k) || g.initializers.has(k)) throw new BadInputError(`inputShapes names '${k}', which is not an input of this model; inputs are: ${g.inputs.filter((i) => !g.initializers.has(i.name)).map((i) => i.name).join(', ')}`);
  }
  const symbols = new Set(g.inputs.flatMap((i) => (i.shape ?? []).filter((d): d is string => typeof d === 'string')));
  for (const [k, v] of Object.entries(freeDims)) {
    if (!Number.isInteger(v) || v < 0) throw new BadInputError(`freeDimensionOverrides['${k}'] must be a non-negative integer, got ${v}`);
    if (!symbols.has(k)) throw new BadInputError(`freeDimensionOverrides names dim '${k}', which no input uses; symbolic dims of the inputs: ${[...symbols].join(', ') || '(none)'}`);
  }
  if (!Object.keys(inputShapes).length && !Object.keys(freeDims).length) return model;
  const inputs = g.inputs.map((i): ValueInfo => {
    const given = inputShapes[i.name];
    let shape = i.shape?.map((d) => (typeof d === 'string' && d in freeDims ? freeDims[d] : d));
    if (given) {
      if (given.some((d) => d !== null && typeof d !== 'string' && (!Number.isInteger(d) || d < 0))) throw new BadInputError(`inputShapes['${i.name}'] must hold non-negative integers (or null / a name for a dim left free), got [${given.join(', ')}]`);
      if (shape && shape.length !== given.length) throw new BadInputError(`inputShapes['${i.name}'] has rank ${given.length}, but the model declares rank ${shape.length} ([${shape.map((d) => d ?? '?').join(', ')}])`);
      shape = given.map((d, k) => {
        const declared = shape?.[k];
        if (typeof d === 'number' && typeof declared === 'number' && declared !== d) throw new BadInputError(`inputShapes['${i.name}'] dim ${k} is ${d}, but the model fixes it at ${declared}`);
        return typeof d === 'number' ? d : (declared ?? d);
      });
    }
    return shape === i.shape ? i : { ...i, shape };
  });
  return { ...model, graph: { ...g, inputs } };
}

/**
 * Type and shape inference over a topologically sorted graph. Returns what is known
 * of every value; unknown ops leave their outputs unknown rather than failing. Nodes whose
 * inputs are all known and that the folding evaluator knows get their values computed.
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
    const ins = n.inputs.map((x) => (x ? known.get(x)?.value : undefined));
    if (n.outputs.some((o, k) => o && !outs[k]?.value) && n.inputs.every((x, k) => !x || ins[k]) && !hasSubgraph(n)) {
      const values = evaluateNode(n, opsetOf(model, n.domain), ins);
      if (values) outs = values.map((t) => ({ dtype: t.type, shape: [...t.dims], value: t }));
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

const hasSubgraph = (n: Node) => Object.values(n.attributes).some((a) => a.type === 'graph' || a.type === 'graphs');

export interface FoldResult {
  model: Model;
  /** Names of the nodes folded into constants or removed as dead. */
  folded: string[];
  removed: string[];
}

/**
 * Constant folding and dead-node removal: nodes whose outputs inference could compute
 * (Shape of a known shape, then the Gather/Concat/Cast/arithmetic on it) become
 * initializers; nodes nothing reads any more are dropped. Run after inferTypes.
 */
export function foldConstants(model: Model, known: Map<string, InferValue>): FoldResult {
  const g = model.graph;
  const initializers = new Map<string, Tensor>(g.initializers);
  const folded: string[] = [];
  let nodes = g.nodes.filter((n) => {
    const outs = n.outputs.filter(Boolean);
    if (!outs.length || hasSubgraph(n) || !outs.every((o) => known.get(o)?.value)) return true;
    for (const o of outs) initializers.set(o, known.get(o)!.value!);
    folded.push(n.name);
    return false;
  });
  // dead nodes: nothing reads their outputs and none is a graph output
  const removed: string[] = [];
  const keep = new Set(g.outputs.map((o) => o.name));
  for (;;) {
    const read = new Set<string>(keep);
    for (const n of nodes) for (const r of nodeReads(n)) if (r) read.add(r);
    const live = nodes.filter((n) => n.outputs.some((o) => o && read.has(o)));
    if (live.length === nodes.length) break;
    for (const n of nodes) if (!live.includes(n)) removed.push(n.name);
    nodes = live;
  }
  // initializers only the folded nodes read are no longer needed
  const read = new Set<string>([...keep, ...g.inputs.map((i) => i.name)]);
  for (const n of nodes) for (const r of nodeReads(n)) if (r) read.add(r);
  for (const k of [...initializers.keys()]) if (!read.has(k)) initializers.delete(k);
  if (!folded.length && !removed.length) return { model, folded, removed };
  return { model: { ...model, graph: { ...g, nodes, initializers } }, folded, removed };
}
