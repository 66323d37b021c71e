/** Small models and fixture adapters for the session, partition and plan tests. */
import { type Adapter, type DeviceTensor, type Model, type Node, type NodeQuery, type Subgraph, Tensor, type ValueInfo } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';

export const node = (opType: string, inputs: string[], outputs: string[], extra: Partial<Node> = {}): Node => ({
  name: extra.name ?? outputs[0], opType, domain: '', inputs, outputs, attributes: {}, ...extra,
});

/** A model from nodes; inputs are float32 of `shape` unless given as ValueInfo. */
export function model(nodes: Node[], inputs: (string | ValueInfo)[], outputs: string[], initializers: Record<string, Tensor> = {}, opset = 13): Model {
  return {
    irVersion: 8, opsetImports: { '': opset }, metadata: {},
    graph: {
      name: 'g', nodes,
      inputs: inputs.map((i) => (typeof i === 'string' ? { name: i, dtype: 'float32', shape: [2, 3] } : i)),
      outputs: outputs.map((o) => ({ name: o })),
      initializers: new Map(Object.entries(initializers)), valueInfo: new Map(),
    },
  };
}

export const f32 = (values: number[], dims = [values.length]) => new Tensor('float32', Float32Array.from(values), dims);

/**
 * A cpu adapter under another name that refuses some op types, as a partial accelerator
 * would; `space` declares its memory space.
 */
export function chip(name: string, refuse: string[] = [], opts: { space?: string; dtypes?: string[] } = {}): Adapter<any, any> {
  const base = cpu({ name });
  const desc = base.describe();
  return {
    ...base,
    describe: () => ({ ...desc, memory: { space: opts.space ?? `mem:${name}` }, dtypes: (opts.dtypes ?? desc.dtypes) as typeof desc.dtypes }),
    supports: (q: NodeQuery) => (refuse.includes(q.node.opType) ? { ok: false, reason: `${q.node.opType} is not on ${name}` } : base.supports(q)),
  };
}

/** A device tensor whose value arrives later: the adapter's queue has not run it yet. */
export interface LateTensor extends DeviceTensor {
  ready: Promise<Tensor>;
  /** Host dims are unknown until the work runs; the contract only asks for them eventually. */
}

/**
 * An asynchronous device: execute() returns at once with handles still in flight, and the
 * work runs later (after a delay, in queue order); download() waits for it. Every event is
 * logged so a test can see runs interleave.
 */
export function asyncChip(log: string[], delayMs = (k: number) => 1 + (k % 3) * 2): Adapter<any, LateTensor> & { synchronized: number } {
  const base = cpu({ name: 'async' });
  let queue: Promise<unknown> = Promise.resolve();
  let k = 0;
  const self = {
    ...base,
    synchronized: 0,
    describe: () => ({ ...base.describe(), name: 'async', memory: { space: 'async-device' } }),
    async execute(c: unknown, ins: LateTensor[]): Promise<LateTensor[]> {
      const id = k++;
      log.push(`enqueue ${id}`);
      const outs = (queue = queue.then(async () => {
        const xs = await Promise.all(ins.map((h) => h.ready));
        await new Promise((r) => setTimeout(r, delayMs(id)));
        log.push(`done ${id}`);
        return base.execute(c, xs);
      }));
      const n = (c as { outputSlots: number[] }).outputSlots.length;
      return Array.from({ length: n }, (_, i) => ({ type: 'float32' as const, dims: [], ready: outs.then((ts) => ts[i]) }));
    },
    upload: async (t: Tensor): Promise<LateTensor> => ({ type: t.type, dims: t.dims, ready: Promise.resolve(t) }),
    download: async (h: LateTensor) => h.ready,
    release: () => {},
    memory: undefined,
    async synchronize() { self.synchronized++; await queue; },
  };
  return self as unknown as Adapter<any, LateTensor> & { synchronized: number };
}

/** Subgraph node names, per step, for readable assertions. */
export const stepsOf = (plan: { steps: { adapter: string; nodes: string[] }[] }) => plan.steps.map((s) => `${s.adapter}:${s.nodes.join(',')}`);

export type { Subgraph };
