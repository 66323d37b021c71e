import {
  type Adapter, type AdapterDescription, type DataType, type NodeQuery, type Subgraph, type Support,
  AnychipError, ExecutionError, type Node, OP_TABLE_OPSET, type Tensor, defineAdapter, opVersions,
} from '@anychip/core';
import { canGenerateCode, findChains } from './fuse.js';
import { type KernelDef, type KernelFn, kernelVersions } from './kernel.js';
import { KERNELS } from './kernels/index.js';

export interface CpuOptions {
  /** Adapter name, if two CPU adapters are used side by side. */
  name?: string;
  /** Fuse chains of elementwise ops into one loop (default true where code generation is allowed). */
  fuse?: boolean;
}

interface Step {
  node: string;
  opType: string;
  fn: KernelFn;
  /** slot index per input, -1 for an omitted optional input */
  inputs: number[];
  outputs: number[];
  /** slots whose last reader is this step */
  free: number[];
}

interface Compiled {
  steps: Step[];
  slots: number;
  inputSlots: number[];
  outputSlots: number[];
  constants: { slot: number; tensor: Tensor }[];
}

const byOp = new Map<string, KernelDef>(KERNELS.map((k) => [`${k.domain ?? ''}::${k.opType}`, k]));

/** The ops this adapter has kernels for (for coverage tables and `anychip adapters`). */
export function cpuOps(): string[] {
  return KERNELS.map((k) => k.opType).sort();
}

const DTYPES: DataType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool', 'string'];

/**
 * anychip's reference CPU adapter: TypeScript kernels, host memory as device memory
 * (upload/download are zero-copy). GEMM-based kernels accumulate float32 in float32 (WASM
 * SIMD); the other float32 kernels accumulate in float64 and round once on store.
 */
export function cpu(options: CpuOptions = {}): Adapter<Compiled, Tensor> {
  const name = options.name ?? 'cpu';
  const fuse = (options.fuse ?? true) && canGenerateCode();
  const description: AdapterDescription = {
    name,
    vendor: 'anychip',
    version: '0.1.0',
    device: { kind: 'cpu', name: `${typeof process !== 'undefined' ? `${process.arch} ` : ''}host CPU`, details: { threads: '1' } },
    dtypes: DTYPES,
    execution: 'eager',
    // the WASM SIMD GEMM (MatMul, Gemm, Conv) accumulates float32 in float32; other kernels use float64
    numerics: { accumulate: 'float32', float32Storage: 'float32', flushesSubnormals: false },
    memory: { space: 'host' },
    features: ['zero-copy-host'],
  };

  // Host memory is the device memory: handles are tensors. Track the bytes of the
  // handles this adapter handed out and has not had released, for memory().
  const live = new Map<Tensor, number>();
  let used = 0;
  const track = (t: Tensor): Tensor => {
    if (!live.has(t)) {
      const n = t.type === 'string' ? 0 : (t.data as Uint8Array).byteLength;
      live.set(t, n);
      used += n;
    }
    return t;
  };

  return defineAdapter<Compiled, Tensor, Adapter<Compiled, Tensor>>({
    contractVersion: { major: 1, minor: 1 },
    describe: () => description,

    supports(q: NodeQuery): Support {
      const k = byOp.get(`${q.node.domain === 'ai.onnx' ? '' : q.node.domain}::${q.node.opType}`);
      if (!k) return { ok: false, reason: `no cpu kernel for ${q.node.domain ? `${q.node.domain}.` : ''}${q.node.opType}` };
      const [first, last] = kernelVersions(k);
      if (q.version === undefined && opVersions(q.node.domain, q.node.opType) && (q.node.domain === '' || q.node.domain === 'ai.onnx') && q.opset > OP_TABLE_OPSET) {
        return { ok: false, reason: `opset ${q.opset} is newer than anychip's ONNX op table (${OP_TABLE_OPSET}), so which ${q.node.opType} version it means is unknown` };
      }
      if (q.version !== undefined && (q.version > last || q.version < first)) {
        return { ok: false, reason: `${q.node.opType}-${q.version} (opset ${q.opset}) is ${q.version > last ? 'newer' : 'older'} than the cpu kernel implements (${q.node.opType} versions ${first} to ${last})` };
      }
      const t = q.inputs[0]?.dtype;
      if (k.types && t && !k.types.includes(t)) return { ok: false, reason: `${q.node.opType} on cpu takes ${k.types.join('/')}, not ${t}` };
      const why = k.check?.(q);
      return why ? { ok: false, reason: why } : { ok: true };
    },

    async compile(sg: Subgraph): Promise<Compiled> {
      const slotOf = new Map<string, number>();
      const slot = (v: string) => slotOf.get(v) ?? (slotOf.set(v, slotOf.size), slotOf.size - 1);
      const inputSlots = sg.inputs.map((v) => slot(v.name));
      const constants = [...sg.initializers].map(([v, tensor]) => ({ slot: slot(v), tensor }));
      const kernelFor = (node: Node): KernelFn => {
        const k = byOp.get(`${node.domain}::${node.opType}`);
        if (!k) throw new ExecutionError(`no cpu kernel for ${node.opType}`);
        return k.create({ node, opset: sg.opsets[node.domain] ?? 0, constant: (i) => sg.initializers.get(node.inputs[i]) });
      };
      const chains = findChains(sg, fuse);
      const chainAt = new Map(chains.map((c) => [c.nodes[c.nodes.length - 1], c]));
      const fused = new Set(chains.flatMap((c) => c.nodes));
      const steps: Step[] = [];
      for (const node of sg.nodes) {
        const chain = chainAt.get(node);
        if (chain) {
          const loop = chain.build();
          const parts = chain.nodes.map((n) => ({ n, fn: kernelFor(n) }));
          const fn: KernelFn = (ins) => {
            const r = loop(ins);
            if (r.length) return r;
            // shapes differ from the chain input's (broadcasting): run the nodes one by one
            const local = new Map<string, Tensor | undefined>(chain.inputs.map((v, i) => [v, ins[i]]));
            for (const p of parts) {
              const outs = p.fn(p.n.inputs.map((x) => (x ? local.get(x) ?? sg.initializers.get(x) : undefined)));
              p.n.outputs.forEach((o, i) => local.set(o, outs[i]));
            }
            return [local.get(chain.output)!];
          };
          steps.push({ node: chain.nodes.map((n) => n.name).join('+'), opType: `Fused(${chain.nodes.map((n) => n.opType).join('+')})`, fn, inputs: chain.inputs.map(slot), outputs: [slot(chain.output)], free: [] });
          continue;
        }
        if (fused.has(node)) continue;
        steps.push({ node: node.name, opType: node.opType, fn: kernelFor(node), inputs: node.inputs.map((v) => (v ? slot(v) : -1)), outputs: node.outputs.map((v) => (v ? slot(v) : -1)), free: [] });
      }
      const outputSlots = sg.outputs.map((v) => slot(v.name));
      // drop intermediates after their last reader so peak memory tracks the live set
      const keep = new Set([...outputSlots, ...constants.map((c) => c.slot)]);
      const last = new Map<number, number>();
      steps.forEach((s, i) => s.inputs.forEach((x) => { if (x >= 0) last.set(x, i); }));
      for (const [s, i] of last) if (!keep.has(s)) steps[i].free.push(s);
      return { steps, slots: slotOf.size, inputSlots, outputSlots, constants };
    },

    async execute(c: Compiled, inputs: Tensor[]): Promise<Tensor[]> {
      const env = new Array<Tensor | undefined>(c.slots);
      c.inputSlots.forEach((s, i) => { env[s] = inputs[i]; });
      for (const k of c.constants) env[k.slot] = k.tensor;
      for (const s of c.steps) {
        let outs: Tensor[];
        try {
          outs = s.fn(s.inputs.map((i) => (i >= 0 ? env[i] : undefined)));
        } catch (e) {
          const where = `node '${s.node}' (${s.opType})`;
          if (e instanceof AnychipError) {
            const Ctor = e.constructor as new (m: string, o?: { cause?: unknown }) => AnychipError;
            throw new Ctor(`${where}: ${e.message}`, { cause: e });
          }
          throw new ExecutionError(`${where} failed on cpu: ${(e as Error).message}`, { cause: e });
        }
        s.outputs.forEach((o, i) => { if (o >= 0) env[o] = outs[i]; });
        for (const f of s.free) env[f] = undefined;
      }
      return c.outputSlots.map((s) => track(env[s]!));
    },

    upload: async (t: Tensor) => track(t),
    download: async (t: Tensor) => t,
    release: (t: Tensor) => {
      const n = live.get(t);
      if (n !== undefined) { live.delete(t); used -= n; }
    },
    memory: () => ({ usedBytes: used }),
  });
}
