import {
  type Adapter, type AdapterDescription, CompileError, type DataType, type Model, type NodeQuery,
  type Subgraph, type Support, Tensor, UnsupportedError, ExecutionError, defineAdapter, hashSubgraph,
} from '@anychip/core';
import { encodeOnnx } from '@anychip/onnx';
import { createRequire } from 'node:module';

type Ort = typeof import('onnxruntime-node');
type OrtSession = import('onnxruntime-node').InferenceSession;
type OrtTensor = import('onnxruntime-node').Tensor;

export interface OrtOptions {
  name?: string;
  /** onnxruntime intra-op threads; default 1 so comparisons with single-threaded adapters are fair. */
  threads?: number;
  /** Pass your own onnxruntime module (onnxruntime-web in a browser). */
  runtime?: Ort;
}

interface Handle {
  readonly type: DataType;
  readonly dims: readonly number[];
  readonly tensor: OrtTensor;
}
interface Compiled {
  session: OrtSession;
  inputs: string[];
  outputs: string[];
}

// ORT's CPU provider covers the default ONNX domain up to this opset, plus its own contrib ops.
// Its kernel registry is not visible from JS, so supports() answers by domain, opset and
// dtype, and compile() decides the rest: a kernel ORT lacks (BitShift on uint16, an old op
// version) fails the compile, which the session takes as a refusal of the node ORT names.
const MAX_OPSET = 23;
const DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft']);
const DTYPES: DataType[] = ['float32', 'float64', 'float16', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool', 'string'];

function loadRuntime(): Ort {
  try {
    return createRequire(import.meta.url)('onnxruntime-node') as Ort;
  } catch (e) {
    throw new UnsupportedError(`the ort adapter needs onnxruntime-node, which could not be loaded (${(e as Error).message}); install it with ONNXRUNTIME_NODE_INSTALL=skip to use the bundled CPU binaries`, { cause: e });
  }
}

/**
 * onnxruntime wrapped as an adapter: each subgraph is re-encoded as an ONNX model and
 * compiled into an ORT InferenceSession. The pattern for wrapping any vendor runtime
 * that takes ONNX.
 */
export function ort(options: OrtOptions = {}): Adapter<Compiled, Handle> {
  const rt = options.runtime ?? loadRuntime();
  const name = options.name ?? 'ort';
  const threads = options.threads ?? 1;
  const description: AdapterDescription = {
    name,
    vendor: 'Microsoft (onnxruntime), wrapped by anychip',
    version: (rt as unknown as { env?: { versions?: { common?: string } } }).env?.versions?.common,
    device: { kind: 'cpu', name: 'onnxruntime CPU execution provider', details: { threads: String(threads) } },
    // ORT tensors live in host memory, but only ORT reads its own handles
    memory: { space: 'host' },
    dtypes: DTYPES,
    execution: 'runtime',
    numerics: { accumulate: 'float32', float32Storage: 'float32', flushesSubnormals: false },
    features: ['whole-subgraph-compile'],
  };
  const wrap = (t: OrtTensor): Handle => ({ type: t.type as DataType, dims: t.dims, tensor: t });

  return defineAdapter<Compiled, Handle, Adapter<Compiled, Handle>>({
    contractVersion: { major: 1, minor: 1 },
    describe: () => description,

    supports(q: NodeQuery): Support {
      if (!DOMAINS.has(q.node.domain)) return { ok: false, reason: `onnxruntime has no ops in domain '${q.node.domain}'` };
      if (q.opset > MAX_OPSET) return { ok: false, reason: `opset ${q.opset} is newer than this onnxruntime supports (${MAX_OPSET})` };
      for (const v of [...q.inputs, ...q.outputs]) if (v?.dtype === 'bfloat16') return { ok: false, reason: 'bfloat16 tensors are not supported by the onnxruntime CPU provider' };
      return { ok: true };
    },

    async compile(sg: Subgraph): Promise<Compiled> {
      for (const v of sg.inputs) {
        if (!v.dtype) throw new CompileError(`ort: subgraph input '${v.name}' has no known element type; ONNX needs one`);
      }
      const model: Model = {
        irVersion: 8, opsetImports: sg.opsets, producerName: 'anychip', metadata: {},
        graph: { name: sg.id, nodes: sg.nodes, inputs: sg.inputs.map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape?.map((d) => (typeof d === 'number' ? d : null)) })), outputs: sg.outputs.map((v) => ({ name: v.name, dtype: v.dtype })), initializers: sg.initializers, valueInfo: new Map() },
      };
      try {
        // ORT's own log lines would repeat what the typed errors below already say
        const session = await rt.InferenceSession.create(encodeOnnx(model), { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', logSeverityLevel: 4 });
        return { session, inputs: sg.inputs.map((v) => v.name), outputs: sg.outputs.map((v) => v.name) };
      } catch (e) {
        const message = String((e as Error).message);
        throw new CompileError(`onnxruntime could not compile ${sg.id}: ${message.split('\n')[0]}`, { cause: e, nodes: blamedNodes(message, sg) });
      }
    },

    async execute(c: Compiled, inputs: Handle[]): Promise<Handle[]> {
      const feeds: Record<string, OrtTensor> = {};
      c.inputs.forEach((n, i) => { feeds[n] = inputs[i].tensor; });
      let out;
      try {
        out = await c.session.run(feeds, c.outputs);
      } catch (e) {
        throw new ExecutionError(`onnxruntime failed: ${(e as Error).message}`, { cause: e });
      }
      return c.outputs.map((n) => wrap(out[n]));
    },

    async upload(t: Tensor): Promise<Handle> {
      if (t.type === 'bfloat16') throw new UnsupportedError('onnxruntime-node cannot take bfloat16 tensors');
      return wrap(new rt.Tensor(t.type as 'float32', t.data as Float32Array, t.dims));
    },
    async download(h: Handle): Promise<Tensor> {
      const d = h.tensor.data as Float32Array;
      // ORT may hand back a Float16Array for float16; anychip keeps raw bits
      const data = h.type === 'float16' && !(d instanceof Uint16Array) ? new Uint16Array(d.buffer, d.byteOffset, d.length) : d;
      return new Tensor(h.type, data as never, h.dims);
    },
    release: (h: Handle) => { (h.tensor as { dispose?: () => void }).dispose?.(); },
    // a failed release must not become an unhandled rejection that ends the process
    releaseCompiled: (c: Compiled) => { c.session.release().catch(() => {}); },
    // one InferenceSession per distinct subgraph, shared by sessions that load the same model
    cacheKey: (sg: Subgraph) => hashSubgraph(sg),
  });
}

/**
 * The nodes an ORT compile error names ("... for BitShift(11) node with name 'foo'", or an
 * op kernel's "Node (foo) Op (Bar) ..."), so only those move to the next adapter. Unnamed
 * nodes are matched by op type when the subgraph holds exactly one of that type.
 */
function blamedNodes(message: string, sg: Subgraph): string[] | undefined {
  const names = new Set(sg.nodes.map((n) => n.name));
  const out = new Set<string>();
  for (const m of message.matchAll(/node with name '([^']*)'|Node \(([^)]*)\)/g)) {
    const n = m[1] ?? m[2];
    if (n && names.has(n)) out.add(n);
  }
  if (!out.size) {
    for (const m of message.matchAll(/implementation for (\w+)\(\d+\)/g)) {
      const of = sg.nodes.filter((n) => n.opType === m[1]);
      if (of.length === 1) out.add(of[0].name);
    }
  }
  return out.size ? [...out] : undefined;
}
