import { type Adapter, type DeviceTensor, type Subgraph, type ResolvedAdapterDescription, memorySpaceOf, validateAdapter } from './adapter.js';
import type { DataType } from './dtype.js';
import { AnychipError, BadInputError, CompileError, ContractError, DisposedError, ExecutionError, UnsupportedError, isAnychipError } from './errors.js';
import { type Dim, type Model, runtimeInputs } from './ir.js';
import { sameSubgraph } from './hash.js';
import { type ModelCodec, loadModel } from './load.js';
import { type LateRefusals, type Placement, partition } from './partition.js';
import { bindInputShapes, foldConstants, inferTypes, prepareModel } from './passes.js';
import { type Plan, type PlanAdapter, type Transfer, buildPlan, formatPlan } from './plan.js';
import { Tensor } from './tensor.js';

export interface SessionOptions {
  /** Adapters in preference order; each node goes to the first that accepts it. */
  adapters: Adapter<any, any>[];
  /**
   * Static input shapes by input name, for adapters that compile for static shapes (graph
   * compilers) and for constant folding of shape arithmetic. Runs must then feed exactly
   * these shapes. A dim left null (or a name) stays free.
   */
  inputShapes?: Record<string, readonly Dim[]>;
  /** Values for symbolic dims by name (`{ batch: 1 }`), as onnxruntime's option of that name. */
  freeDimensionOverrides?: Record<string, number>;
  /**
   * The ONNX codec, for `.onnx` models: `import * as onnx from '@anychip/onnx'`. Without it,
   * core uses one registered with registerOnnxCodec(), else imports its optional peer
   * dependency @anychip/onnx.
   */
  codec?: ModelCodec;
}

export interface ValueMetadata {
  name: string;
  isTensor: true;
  type: DataType | undefined;
  shape: Dim[] | undefined;
}

interface AdapterSlot {
  adapter: Adapter<any, any>;
  name: string;
  description: ResolvedAdapterDescription;
  space: string;
}

/** A compiled subgraph, and whether it is shared with other sessions through cacheKey(). */
interface CompiledRef {
  adapterIndex: number;
  compiled: unknown;
  shared?: SharedEntry;
}
interface SharedEntry {
  key: string;
  /** What was compiled: a key match shares the artefact only if the subgraph is the same in full. */
  subgraph: Subgraph;
  compiled: Promise<unknown>;
  refs: number;
}

// compiled artefacts shared by sessions on the same adapter object, by the adapter's cacheKey()
const sharedCompiles = new WeakMap<Adapter<any, any>, Map<string, SharedEntry>>();

interface Step {
  adapterIndex: number;
  subgraph: Subgraph;
  ref: CompiledRef;
}

/** Where a value lives during one run. */
interface Residency {
  host?: Tensor;
  /** adapter index -> handle */
  device: Map<number, DeviceTensor>;
}

/**
 * A loaded model bound to a list of adapters: loaded once, partitioned once, compiled once,
 * planned once, run many times. Runs may overlap; each keeps its own buffers.
 */
export class Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
  /** The prepared model: constants lifted and folded, nodes in execution order. */
  readonly model: Model;

  #slots: AdapterSlot[];
  #steps: Step[];
  #placements: Placement[];
  #plan: Plan;
  #disposed = false;
  #running = new Set<Promise<unknown>>();
  /** The memory behind the model's weights: an output that shares it is copied before it is returned. */
  #weights: Set<unknown>;

  private constructor(model: Model, slots: AdapterSlot[], steps: Step[], placements: Placement[], plan: Plan) {
    this.model = model;
    this.#slots = slots;
    this.#steps = steps;
    this.#placements = placements;
    this.#plan = plan;
    const g = model.graph;
    const inputs = runtimeInputs(g);
    this.inputNames = inputs.map((i) => i.name);
    this.outputNames = g.outputs.map((o) => o.name);
    this.inputMetadata = inputs.map((i) => ({ name: i.name, isTensor: true as const, type: i.dtype, shape: i.shape }));
    this.outputMetadata = g.outputs.map((o) => ({ name: o.name, isTensor: true as const, type: o.dtype, shape: o.shape }));
    this.#weights = weightMemory(g);
  }

  /** An output the caller may write to without touching the model: copied if it shares a weight's memory. */
  #detach(t: Tensor): Tensor {
    const shared = this.#weights.has(Array.isArray(t.data) ? t.data : (t.data as Uint8Array).buffer);
    return shared ? new Tensor(t.type, (t.data as Float32Array).slice() as never, t.dims) : t;
  }

  /**
   * Loads a model (path, bytes, or an IR Model), partitions it over the adapters, compiles
   * each subgraph and plans the runs. A subgraph an adapter fails to compile goes to the
   * next adapters (the reason shows in placement()). Throws ModelError, UnsupportedError,
   * BadInputError (options), ContractError.
   */
  static async create(model: string | Uint8Array | ArrayBuffer | Model, options: SessionOptions): Promise<Session> {
    if (!options?.adapters?.length) throw new BadInputError('Session.create needs at least one adapter: Session.create(model, { adapters: [cpu()] })');
    const slots: AdapterSlot[] = options.adapters.map((adapter) => {
      const description = validateAdapter(adapter);
      return { adapter, name: description.name, description, space: memorySpaceOf(description) };
    });
    const names = new Set<string>();
    for (const s of slots) {
      if (names.has(s.name)) throw new ContractError(`two adapters are both named '${s.name}'; pass each adapter once`);
      names.add(s.name);
    }
    const prepared = bindInputShapes(prepareModel(await loadModel(model, { codec: options.codec })), options.inputShapes, options.freeDimensionOverrides);
    for (const v of [...runtimeInputs(prepared.graph), ...prepared.graph.outputs]) {
      if (v.kind && v.kind !== 'tensor') throw new UnsupportedError(`'${v.name}' is a ${v.kind} value; anychip runs tensor inputs and outputs only (sequence, optional and map values are not supported yet)`);
    }
    const known = inferTypes(prepared);
    const { model: folded, folded: foldedNodes, removed } = foldConstants(prepared, known);

    const { placements, steps } = await compileAll(folded, slots, known);
    try {
      const executed: Model = { ...folded, graph: { ...folded.graph, nodes: steps.flatMap((s) => s.subgraph.nodes) } };
      const planAdapters: PlanAdapter[] = slots.map((s) => ({
        name: s.name, space: s.space,
        // an adapter written for contract 1.0 offers copyFrom without declaring spaces: let it try
        canCopyFrom: (space) => (s.adapter.canCopyFrom ? s.adapter.canCopyFrom(space) === true : typeof s.adapter.copyFrom === 'function'),
      }));
      const plan = buildPlan(steps, planAdapters, {
        feeds: runtimeInputs(folded.graph).map((i) => i.name), initializers: new Set(folded.graph.initializers.keys()), outputs: folded.graph.outputs.map((o) => o.name),
      }, [...foldedNodes, ...removed]);
      return new Session(executed, slots, steps, placements, plan);
    } catch (e) {
      for (const st of steps) releaseRef(slots[st.adapterIndex].adapter, st.ref);
      throw e;
    }
  }

  /** Which adapter runs each node (in execution order), and why adapters before it refused. */
  placement(): Placement[] {
    return this.#placements.map((p) => ({ ...p, refused: [...p.refused] }));
  }

  /** The plan every run follows: steps, transfers at the seams, when values are freed. */
  plan(): Plan {
    return structuredClone(this.#plan);
  }

  /** The plan as text. */
  formatPlan(): string {
    return formatPlan(this.#plan);
  }

  /** The adapters this session uses, with their validated descriptions. */
  adapters(): { name: string; description: ResolvedAdapterDescription; subgraphs: number }[] {
    return this.#slots.map((s, i) => ({ name: s.name, description: s.description, subgraphs: this.#steps.filter((st) => st.adapterIndex === i).length }));
  }

  /** Runs the model. Feeds are checked against the model's declared (or bound) inputs first. */
  async run(feeds: Record<string, Tensor>, fetches?: readonly string[]): Promise<Record<string, Tensor>> {
    if (this.#disposed) throw new DisposedError('this session was disposed; create a new one');
    if (fetches !== undefined && (!Array.isArray(fetches) || fetches.some((f) => typeof f !== 'string'))) throw new BadInputError('run(feeds, fetches): fetches must be an array of output names');
    const p = this.#run(feeds, fetches ?? this.outputNames);
    this.#running.add(p);
    try {
      return await p;
    } finally {
      this.#running.delete(p);
    }
  }

  async #run(feeds: Record<string, Tensor>, fetches: readonly string[]): Promise<Record<string, Tensor>> {
    this.#checkFeeds(feeds);
    for (const f of fetches) if (!this.outputNames.includes(f)) throw new BadInputError(`'${f}' is not an output of this model; outputs are: ${this.outputNames.join(', ')}`);
    const values = new Map<string, Residency>();
    for (const [k, t] of Object.entries(feeds)) values.set(k, { host: t, device: new Map() });
    const release = (r: Residency) => {
      for (const [ai, h] of r.device) this.#slots[ai].adapter.release(h);
      r.device.clear();
    };
    const used: number[] = [];
    try {
      for (const ps of this.#plan.steps) {
        const step = this.#steps[ps.step];
        const slot = this.#slots[ps.adapterIndex];
        const args: DeviceTensor[] = [];
        for (const input of ps.inputs) args.push(await this.#transfer(values, input.name, input.transfer, ps.adapterIndex));
        let outs: DeviceTensor[];
        try {
          outs = await slot.adapter.execute(step.ref.compiled, args);
        } catch (e) {
          if (e instanceof AnychipError || isAnychipError(e)) throw e;
          throw new ExecutionError(`adapter '${slot.name}' failed running ${ps.id} (${describeNodes(step.subgraph)}): ${(e as Error).message}`, { cause: e });
        }
        if (!Array.isArray(outs) || outs.length !== ps.outputs.length) {
          if (Array.isArray(outs)) for (const h of outs) if (h) slot.adapter.release(h);
          throw new ContractError(`adapter '${slot.name}' returned ${Array.isArray(outs) ? outs.length : typeof outs} outputs for ${ps.id}, expected ${ps.outputs.length}`);
        }
        if (!used.includes(ps.adapterIndex)) used.push(ps.adapterIndex);
        ps.outputs.forEach((o, k) => values.set(o.name, { device: new Map([[ps.adapterIndex, outs[k]]]) }));
        for (const name of ps.release) {
          const r = values.get(name);
          if (r) { release(r); values.delete(name); }
        }
      }
      for (const ai of used) await this.#slots[ai].adapter.synchronize?.();
      const result: Record<string, Tensor> = {};
      for (const { name, from } of this.#plan.outputs) {
        if (!fetches.includes(name)) continue;
        if (from.kind === 'feed') { result[name] = feeds[name]; continue; }
        if (from.kind === 'initializer') { result[name] = this.#detach(this.model.graph.initializers.get(name)!); continue; }
        const r = values.get(name);
        if (!r) throw new ExecutionError(`output '${name}' was not produced (plan step ${from.step})`);
        if (r.host) { result[name] = this.#detach(r.host); continue; }
        const [ai, h] = r.device.entries().next().value as [number, DeviceTensor];
        result[name] = this.#detach(await this.#slots[ai].adapter.download(h));
      }
      return result;
    } finally {
      for (const r of values.values()) release(r);
    }
  }

  /** Makes a value resident on adapter `ai` the way the plan says. */
  async #transfer(values: Map<string, Residency>, name: string, how: Transfer, ai: number): Promise<DeviceTensor> {
    const r = values.get(name);
    if (!r) throw new ExecutionError(`value '${name}' is needed but was never produced (a bug in the plan; please report it)`);
    const have = r.device.get(ai);
    if (have) return have;
    const target = this.#slots[ai].adapter;
    if (!r.host && how === 'copy') {
      for (const [src, h] of r.device) {
        const direct = await target.copyFrom?.(h, this.#slots[src].adapter);
        if (direct) { r.device.set(ai, direct); return direct; }
      }
    }
    if (!r.host) {
      const [src, h] = r.device.entries().next().value as [number, DeviceTensor];
      r.host = await this.#slots[src].adapter.download(h);
    }
    const up = await target.upload(r.host);
    r.device.set(ai, up);
    return up;
  }

  #checkFeeds(feeds: Record<string, Tensor>): void {
    if (!feeds || typeof feeds !== 'object') throw new BadInputError('run() takes an object of input name -> Tensor');
    for (const meta of this.inputMetadata) {
      const t = feeds[meta.name];
      if (!t) throw new BadInputError(`missing input '${meta.name}' (${meta.type ?? '?'}[${(meta.shape ?? []).map((d) => d ?? '?').join(', ')}])`);
      if (!(t instanceof Tensor) && !(t && typeof t === 'object' && 'dims' in t && 'data' in t)) throw new BadInputError(`input '${meta.name}' must be a Tensor`);
      if (meta.type && t.type !== meta.type) throw new BadInputError(`input '${meta.name}' must be ${meta.type}, got ${t.type}`);
      if (meta.shape) {
        if (t.dims.length !== meta.shape.length) throw new BadInputError(`input '${meta.name}' must have rank ${meta.shape.length} ([${meta.shape.map((d) => d ?? '?').join(', ')}]), got [${t.dims.join(', ')}]`);
        meta.shape.forEach((d, i) => {
          if (typeof d === 'number' && d !== t.dims[i]) throw new BadInputError(`input '${meta.name}' dim ${i} must be ${d}, got ${t.dims[i]} (shape [${t.dims.join(', ')}])`);
        });
      }
    }
    for (const k of Object.keys(feeds)) if (!this.inputNames.includes(k)) throw new BadInputError(`'${k}' is not an input of this model; inputs are: ${this.inputNames.join(', ')}`);
  }

  /** Waits for runs in flight, then frees compiled artefacts. Adapters stay usable. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await Promise.allSettled([...this.#running]);
    for (const s of this.#steps) releaseRef(this.#slots[s.adapterIndex].adapter, s.ref);
    this.#steps = [];
  }
}

/** The data objects and buffers of every weight in a graph and its nested graphs. */
function weightMemory(g: Model['graph'], into = new Set<unknown>()): Set<unknown> {
  const add = (t: Tensor) => { into.add(Array.isArray(t.data) ? t.data : (t.data as Uint8Array).buffer); };
  for (const t of g.initializers.values()) add(t);
  for (const n of g.nodes) for (const a of Object.values(n.attributes)) {
    if (a.type === 'tensor') add(a.value);
    else if (a.type === 'tensors') a.value.forEach(add);
    else if (a.type === 'graph') weightMemory(a.value, into);
    else if (a.type === 'graphs') a.value.forEach((sub) => weightMemory(sub, into));
  }
  return into;
}

function describeNodes(sg: Subgraph): string {
  const ops = sg.nodes.slice(0, 3).map((n) => n.opType).join(', ');
  return sg.nodes.length > 3 ? `${ops}, ... ${sg.nodes.length} nodes` : ops;
}

function releaseRef(adapter: Adapter<any, any>, ref: CompiledRef): void {
  if (!ref.shared) { adapter.releaseCompiled?.(ref.compiled); return; }
  if (--ref.shared.refs > 0) return;
  const cache = sharedCompiles.get(adapter);
  if (cache?.get(ref.shared.key) === ref.shared) cache.delete(ref.shared.key);
  adapter.releaseCompiled?.(ref.compiled);
}

/** Compiles one subgraph, sharing the artefact with other sessions when the adapter gives a cacheKey. */
async function compileOne(adapter: Adapter<any, any>, adapterIndex: number, sg: Subgraph): Promise<CompiledRef> {
  const key = adapter.cacheKey?.(sg);
  if (key === undefined) return { adapterIndex, compiled: await adapter.compile(sg) };
  const cache = sharedCompiles.get(adapter) ?? sharedCompiles.set(adapter, new Map()).get(adapter)!;
  let entry = cache.get(key);
  // the same key for a different subgraph (a hash collision): compile this one on its own
  if (entry && !sameSubgraph(entry.subgraph, sg)) return { adapterIndex, compiled: await adapter.compile(sg) };
  if (!entry) {
    entry = { key, subgraph: sg, compiled: adapter.compile(sg), refs: 0 };
    cache.set(key, entry);
  }
  entry.refs++;
  try {
    return { adapterIndex, compiled: await entry.compiled, shared: entry };
  } catch (e) {
    entry.refs--;
    if (cache.get(key) === entry) cache.delete(key);
    throw e;
  }
}

/**
 * Partitions and compiles until every subgraph compiles. A failed compile is a refusal:
 * the blamed nodes (CompileError.nodes, else the whole subgraph) are refused by that
 * adapter with the error's message, and the graph is partitioned again. Subgraphs that did
 * not change are not compiled twice.
 */
async function compileAll(model: Model, slots: AdapterSlot[], known: ReturnType<typeof inferTypes>): Promise<{ placements: Placement[]; steps: Step[] }> {
  const late: LateRefusals = new Map();
  const done = new Map<string, CompiledRef>();
  const signature = (ai: number, sg: Subgraph) => `${ai}|${sg.nodes.map((n) => n.name).join(',')}|${sg.inputs.map((v) => v.name).join(',')}|${sg.outputs.map((v) => v.name).join(',')}`;
  try {
    for (;;) {
      const { placements, subgraphs } = partition(model, slots, known, late);
      const steps: Step[] = [];
      let refusedSome = false;
      for (const { adapterIndex, subgraph } of subgraphs) {
        const sig = signature(adapterIndex, subgraph);
        let ref = done.get(sig);
        if (!ref) {
          try {
            ref = await compileOne(slots[adapterIndex].adapter, adapterIndex, subgraph);
            done.set(sig, ref);
          } catch (e) {
            if (isAnychipError(e) && (e as AnychipError).code === 'E_CONTRACT') throw e;
            refuse(late, subgraph, adapterIndex, e);
            refusedSome = true;
            continue;
          }
        }
        steps.push({ adapterIndex, subgraph, ref });
      }
      // artefacts this partition no longer uses are freed now, not after the last round
      const inUse = new Set(steps.map((s) => s.ref));
      for (const [sig, r] of done) if (!inUse.has(r)) { releaseRef(slots[r.adapterIndex].adapter, r); done.delete(sig); }
      if (!refusedSome) return { placements, steps };
    }
  } catch (e) {
    for (const r of done.values()) releaseRef(slots[r.adapterIndex].adapter, r);
    throw e;
  }
}

function refuse(late: LateRefusals, sg: Subgraph, adapterIndex: number, e: unknown): void {
  const code = isAnychipError(e) ? (e as AnychipError).code : undefined;
  const message = String((e as Error)?.message ?? e).split('\n')[0];
  const reason = `compile failed${code ? ` (${code})` : ''}: ${message}`;
  const names = new Set(sg.nodes.map((n) => n.name));
  const blamed = (e instanceof CompileError || code === 'E_COMPILE') ? ((e as CompileError).nodes ?? []).filter((n) => names.has(n)) : [];
  const add = (node: string) => {
    const m = late.get(node) ?? late.set(node, new Map()).get(node)!;
    if (m.has(adapterIndex)) return false;
    m.set(adapterIndex, reason);
    return true;
  };
  // blame what the adapter named; if that teaches nothing new, the whole subgraph
  if (!blamed.map(add).some(Boolean)) sg.nodes.forEach((n) => add(n.name));
}
