import { type Adapter, type DeviceTensor, type Subgraph, validateAdapter, type ResolvedAdapterDescription } from './adapter.js';
import type { DataType } from './dtype.js';
import { AnychipError, BadInputError, ContractError, DisposedError, ExecutionError, UnsupportedError } from './errors.js';
import { type Dim, type Model, runtimeInputs } from './ir.js';
import { loadModel } from './load.js';
import type { InferValue } from './ops.js';
import { lastUses, partition, type Placement } from './partition.js';
import { inferTypes, prepareModel } from './passes.js';
import { Tensor } from './tensor.js';

export interface SessionOptions {
  /** Adapters in preference order; each node goes to the first that accepts it. */
  adapters: Adapter<any, any>[];
}

export interface ValueMetadata {
  name: string;
  isTensor: true;
  type: DataType | undefined;
  shape: Dim[] | undefined;
}

interface Step {
  adapterIndex: number;
  subgraph: Subgraph;
  compiled: unknown;
}

interface AdapterSlot {
  adapter: Adapter<any, any>;
  name: string;
  description: ResolvedAdapterDescription;
}

/** Where a value currently lives during one run. */
interface Residency {
  host?: Tensor;
  /** adapter index -> handle */
  device: Map<number, DeviceTensor>;
}

/**
 * A loaded model bound to a list of adapters: loaded once, partitioned once,
 * compiled once, run many times. Runs may overlap; each keeps its own buffers.
 */
export class Session {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ValueMetadata[];
  readonly outputMetadata: readonly ValueMetadata[];
  /** The prepared model (constants lifted, nodes in topological order). */
  readonly model: Model;

  #slots: AdapterSlot[];
  #steps: Step[];
  #placements: Placement[];
  #lastUse: Map<string, number>;
  #disposed = false;
  #running = new Set<Promise<unknown>>();

  private constructor(model: Model, slots: AdapterSlot[], steps: Step[], placements: Placement[]) {
    this.model = model;
    this.#slots = slots;
    this.#steps = steps;
    this.#placements = placements;
    const g = model.graph;
    const inputs = runtimeInputs(g);
    this.inputNames = inputs.map((i) => i.name);
    this.outputNames = g.outputs.map((o) => o.name);
    this.inputMetadata = inputs.map((i) => ({ name: i.name, isTensor: true as const, type: i.dtype, shape: i.shape }));
    this.outputMetadata = g.outputs.map((o) => ({ name: o.name, isTensor: true as const, type: o.dtype, shape: o.shape }));
    this.#lastUse = lastUses(steps, this.outputNames);
  }

  /**
   * Loads a model (path, bytes, or an IR Model), partitions it over the adapters and
   * compiles each subgraph. Throws ModelError, UnsupportedError, CompileError, ContractError.
   */
  static async create(model: string | Uint8Array | ArrayBuffer | Model, options: SessionOptions): Promise<Session> {
    if (!options?.adapters?.length) throw new BadInputError('Session.create needs at least one adapter: Session.create(model, { adapters: [cpu()] })');
    const slots: AdapterSlot[] = options.adapters.map((adapter) => {
      const description = validateAdapter(adapter);
      return { adapter, name: description.name, description };
    });
    const names = new Set<string>();
    for (const s of slots) {
      if (names.has(s.name)) throw new ContractError(`two adapters are both named '${s.name}'; pass each adapter once`);
      names.add(s.name);
    }
    const prepared = prepareModel(await loadModel(model));
    for (const v of [...runtimeInputs(prepared.graph), ...prepared.graph.outputs]) {
      if (v.kind && v.kind !== 'tensor') throw new UnsupportedError(`'${v.name}' is a ${v.kind} value; anychip runs tensor inputs and outputs only (sequence, optional and map values are not supported yet)`);
    }
    const known: Map<string, InferValue> = inferTypes(prepared);
    const { placements, subgraphs } = partition(prepared, slots, known);
    const steps: Step[] = [];
    try {
      for (const { adapterIndex, subgraph } of subgraphs) {
        const compiled = await slots[adapterIndex].adapter.compile(subgraph);
        steps.push({ adapterIndex, subgraph, compiled });
      }
    } catch (e) {
      for (const s of steps) slots[s.adapterIndex].adapter.releaseCompiled?.(s.compiled);
      throw e;
    }
    return new Session(prepared, slots, steps, placements);
  }

  /** Which adapter runs each node, and why adapters before it refused. */
  placement(): Placement[] {
    return this.#placements.map((p) => ({ ...p, refused: [...p.refused] }));
  }

  /** The adapters this session uses, with their validated descriptions. */
  adapters(): { name: string; description: ResolvedAdapterDescription; subgraphs: number }[] {
    return this.#slots.map((s, i) => ({ name: s.name, description: s.description, subgraphs: this.#steps.filter((st) => st.adapterIndex === i).length }));
  }

  /** Runs the model. Feeds are checked against the model's declared inputs first. */
  async run(feeds: Record<string, Tensor>, fetches?: readonly string[]): Promise<Record<string, Tensor>> {
    if (this.#disposed) throw new DisposedError('this session was disposed; create a new one');
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
    try {
      for (let si = 0; si < this.#steps.length; si++) {
        const step = this.#steps[si];
        const slot = this.#slots[step.adapterIndex];
        const args: DeviceTensor[] = [];
        for (const v of step.subgraph.inputs) args.push(await this.#residentOn(values, v.name, step.adapterIndex));
        let outs: DeviceTensor[];
        try {
          outs = await slot.adapter.execute(step.compiled, args);
        } catch (e) {
          if (e instanceof AnychipError) throw e;
          throw new ExecutionError(`adapter '${slot.name}' failed running ${step.subgraph.id} (${describeNodes(step.subgraph)}): ${(e as Error).message}`, { cause: e });
        }
        if (!Array.isArray(outs) || outs.length !== step.subgraph.outputs.length) {
          throw new ContractError(`adapter '${slot.name}' returned ${Array.isArray(outs) ? outs.length : typeof outs} outputs for ${step.subgraph.id}, expected ${step.subgraph.outputs.length}`);
        }
        step.subgraph.outputs.forEach((o, k) => values.set(o.name, { device: new Map([[step.adapterIndex, outs[k]]]) }));
        for (const [name, r] of values) if ((this.#lastUse.get(name) ?? -1) <= si) { release(r); values.delete(name); }
      }
      const result: Record<string, Tensor> = {};
      for (const name of fetches) {
        const r = values.get(name);
        if (!r) {
          // an output that is a constant (a lifted Constant node, or an initializer) or a feed
          const c = this.model.graph.initializers.get(name) ?? feeds[name];
          if (c) { result[name] = c; continue; }
          throw new ExecutionError(`output '${name}' was not produced`);
        }
        if (r.host) { result[name] = r.host; continue; }
        const [ai, h] = r.device.entries().next().value as [number, DeviceTensor];
        result[name] = await this.#slots[ai].adapter.download(h);
      }
      return result;
    } finally {
      for (const r of values.values()) release(r);
    }
  }

  async #residentOn(values: Map<string, Residency>, name: string, ai: number): Promise<DeviceTensor> {
    let r = values.get(name);
    if (!r) {
      const t = this.model.graph.initializers.get(name);
      if (!t) throw new ExecutionError(`value '${name}' is needed but was never produced`);
      r = { host: t, device: new Map() };
      values.set(name, r);
    }
    const have = r.device.get(ai);
    if (have) return have;
    const target = this.#slots[ai].adapter;
    if (!r.host) {
      // try a direct device-to-device copy, else go through the host
      for (const [src, h] of r.device) {
        const direct = await target.copyFrom?.(h, this.#slots[src].adapter);
        if (direct) { r.device.set(ai, direct); return direct; }
      }
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
    for (const s of this.#steps) this.#slots[s.adapterIndex].adapter.releaseCompiled?.(s.compiled);
    this.#steps = [];
  }
}

function describeNodes(sg: Subgraph): string {
  const ops = sg.nodes.slice(0, 3).map((n) => n.opType).join(', ');
  return sg.nodes.length > 3 ? `${ops}, ... ${sg.nodes.length} nodes` : ops;
}
