/**
 * The adapter contract (the chip ABI), version 1.1.
 *
 *   since  need      member                 what
 *   1.0    required  contractVersion        { major, minor } implemented; core takes its own major and any minor up to its own
 *   1.0    required  describe()             who you are: name, vendor, device, memory (space, size), dtypes, numerics
 *   1.0    required  supports(query)        can you run this node? if not, say why (drives partitioning)
 *   1.0    required  compile(subgraph)      once per subgraph: fuse, lower, or build a kernel list; throwing refuses its nodes
 *   1.0    required  execute(c, inputs)     run a compiled subgraph on device handles; may return handles still in flight
 *   1.0    required  upload(tensor)         host -> device
 *   1.0    required  download(handle)       device -> host; submits and waits for the work that produces the handle
 *   1.0    required  release(handle)        free one device tensor (may be called while its work is in flight)
 *   1.0    optional  releaseCompiled(c)     free what compile() holds (weights, pipelines)
 *   1.0    optional  copyFrom(h, source)    device-to-device from another adapter, skipping the host
 *   1.0    optional  memory()               bytes in use / total, for leak checks and planning
 *   1.0    optional  dispose()              free everything; the adapter is unusable after
 *   1.1    optional  canCopyFrom(space)     true if copyFrom() takes handles from that memory space
 *   1.1    optional  cacheKey(subgraph)     a key for compiled artefacts; equal keys share one compile across sessions
 *   1.1    optional  synchronize()          end of a run: flush queued work (one submission per run)
 *
 * Errors: throw the typed errors from errors.ts. From compile(), a CompileError or
 * UnsupportedError (or any non-contract error) is a refusal: the session gives those nodes
 * (CompileError `nodes`, else the whole subgraph) to the next adapter and says why in
 * placement(). From execute(), anything that is not a typed error becomes ExecutionError.
 * Helpers you may use, not methods you must write: defineAdapter(), hashSubgraph(),
 * opVersion(), shape helpers in shape.ts.
 */
import { z } from 'zod';
import { DATA_TYPES, type DataType } from './dtype.js';
import { ContractError } from './errors.js';
import type { Node, ValueInfo } from './ir.js';
import type { Tensor } from './tensor.js';

export interface ContractVersion {
  major: number;
  minor: number;
}

/** The contract this core speaks. An adapter states the version it was written for. */
export const CONTRACT_VERSION: Readonly<ContractVersion> = Object.freeze({ major: 1, minor: 1 });

export const AdapterDescriptionSchema = z.object({
  name: z.string().min(1).regex(/^[a-z0-9][a-z0-9._-]*$/, 'adapter names are lowercase: letters, digits, . _ -'),
  vendor: z.string().min(1),
  version: z.string().optional(),
  device: z.object({
    kind: z.enum(['cpu', 'gpu', 'npu', 'dsp', 'other']),
    name: z.string(),
    /** e.g. 'simulated' for a simulated chip, 'node' | 'browser' for the host. */
    details: z.record(z.string(), z.string()).optional(),
  }),
  memory: z.object({
    /**
     * Where this adapter's handles live, e.g. 'host' or 'webgpu:<adapter id>'. Another
     * adapter that answers canCopyFrom(space) with true gets copyFrom() calls for them.
     * Default: private to this adapter.
     */
    space: z.string().min(1).optional(),
    totalBytes: z.number().nonnegative().optional(),
  }).optional(),
  /** Element types the device holds. The partitioner refuses a node whose runtime inputs or outputs are of another type. */
  dtypes: z.array(z.enum(DATA_TYPES)).min(1),
  /** How a subgraph runs: eager kernels, a whole-graph compile, or a wrapped runtime. */
  execution: z.enum(['eager', 'graph', 'runtime']),
  /** Declared numeric behaviour of the path actually taken; the conformance tolerance scales with it. */
  numerics: z.object({
    accumulate: z.enum(['float64', 'float32', 'tf32', 'float16', 'bfloat16']),
    /** Storage type used for float32 tensors on the device. */
    float32Storage: z.enum(['float32', 'float16', 'bfloat16']).default('float32'),
    flushesSubnormals: z.boolean().default(false),
  }),
  features: z.array(z.string()).default([]),
});
export type AdapterDescription = z.input<typeof AdapterDescriptionSchema>;
export type ResolvedAdapterDescription = z.output<typeof AdapterDescriptionSchema>;

/** What supports() is asked: the node, its opset and what is known of its values. */
export interface NodeQuery {
  node: Node;
  /** The model's opset for the node's domain. */
  opset: number;
  /**
   * The op version the node runs under (the op's latest since-version <= opset, see
   * opVersion()); undefined when anychip's op table does not know it. Since 1.1.
   */
  version?: number;
  inputs: (ValueInfo | undefined)[];
  outputs: (ValueInfo | undefined)[];
  /** Inputs whose values are known ahead of time (weights, folded shapes): they arrive in Subgraph.initializers. */
  constants: ReadonlySet<string>;
}
export type Support = { ok: true } | { ok: false; reason: string };

/** A contiguous piece of the graph given to one adapter. */
export interface Subgraph {
  id: string;
  nodes: Node[];
  /**
   * Runtime values, in the order execute() receives them: what the nodes read from outside,
   * including values that nested graphs (If/Loop/Scan bodies) read from enclosing scopes.
   * Shapes are static where the session knows them (SessionOptions.inputShapes).
   */
  inputs: ValueInfo[];
  /** Values the rest of the graph needs, in the order execute() returns them. */
  outputs: ValueInfo[];
  /** Weights and constants the nodes (and their nested graphs) read, handed over at compile time. */
  initializers: Map<string, Tensor>;
  opsets: Record<string, number>;
}

/** An opaque device tensor. Only its adapter looks inside. */
export interface DeviceTensor {
  readonly type: DataType;
  readonly dims: readonly number[];
}

export interface Adapter<C = unknown, H extends DeviceTensor = DeviceTensor> {
  /** The contract version this adapter was written for; a bare number means { major: n, minor: 0 }. */
  readonly contractVersion: ContractVersion | number;
  describe(): AdapterDescription;
  supports(query: NodeQuery): Support;
  compile(subgraph: Subgraph): Promise<C>;
  /**
   * Runs a compiled subgraph. On an asynchronous device the returned handles may still be
   * in flight: download() waits for them, and a handle may be passed to the next execute()
   * before it completes (queue order keeps it right).
   */
  execute(compiled: C, inputs: H[]): Promise<H[]>;
  upload(tensor: Tensor): Promise<H>;
  download(handle: H): Promise<Tensor>;
  release(handle: H): void;
  releaseCompiled?(compiled: C): void;
  /** Copies a handle of `source` onto this device; undefined means "go through the host". */
  copyFrom?(handle: DeviceTensor, source: Adapter): Promise<H | undefined>;
  memory?(): { usedBytes: number; totalBytes?: number };
  dispose?(): Promise<void>;
  /** 1.1: whether copyFrom() takes handles from adapters whose describe().memory.space is `space`. */
  canCopyFrom?(space: string): boolean;
  /** 1.1: a key for compile(subgraph)'s result (see hashSubgraph()); undefined opts out for this subgraph. */
  cacheKey?(subgraph: Subgraph): string | undefined;
  /**
   * 1.1: called once at the end of every run that executed on this adapter, before outputs
   * are downloaded. Downloads at a seam in the middle of a run come before it, so download()
   * must not wait for synchronize() to submit the work it depends on.
   */
  synchronize?(): Promise<void>;
}

const REQUIRED = ['describe', 'supports', 'compile', 'execute', 'upload', 'download', 'release'] as const;
const OPTIONAL: Record<string, string> = {
  releaseCompiled: '1.0', copyFrom: '1.0', memory: '1.0', dispose: '1.0', canCopyFrom: '1.1', cacheKey: '1.1', synchronize: '1.1',
};

/**
 * Validates an adapter against the contract: version, required methods, description.
 * Use it in an adapter's factory; core calls it again on every adapter a session gets.
 */
export function defineAdapter<C, H extends DeviceTensor, A extends Adapter<C, H>>(adapter: A): A {
  validateAdapter(adapter);
  return adapter;
}

/** Reads an adapter's contractVersion as { major, minor }, or undefined if it is neither form. */
export function contractVersionOf(adapter: { contractVersion?: unknown }): ContractVersion | undefined {
  const v = adapter.contractVersion;
  if (typeof v === 'number' && Number.isInteger(v)) return { major: v, minor: 0 };
  if (v && typeof v === 'object' && Number.isInteger((v as ContractVersion).major) && Number.isInteger((v as ContractVersion).minor)) {
    return { major: (v as ContractVersion).major, minor: (v as ContractVersion).minor };
  }
  return undefined;
}

const fmt = (v: ContractVersion) => `${v.major}.${v.minor}`;

export function validateAdapter(adapter: unknown): ResolvedAdapterDescription {
  const a = adapter as Partial<Adapter> | null;
  if (!a || typeof a !== 'object') throw new ContractError(`expected an adapter object, got ${String(adapter)}; call the adapter's factory, e.g. cpu()`);
  const v = contractVersionOf(a);
  const core = fmt(CONTRACT_VERSION);
  if (!v) {
    throw new ContractError(`adapter states contractVersion ${JSON.stringify(a.contractVersion)}; it must be { major, minor } (this @anychip/core speaks ${core}): set contractVersion: { major: ${CONTRACT_VERSION.major}, minor: ${CONTRACT_VERSION.minor} } in the adapter`);
  }
  if (v.major !== CONTRACT_VERSION.major) {
    throw new ContractError(`adapter implements contract version ${fmt(v)}, but this @anychip/core speaks ${core} (major versions differ); ${v.major > CONTRACT_VERSION.major ? 'upgrade @anychip/core' : 'upgrade the adapter package'} or pin @anychip/core to a release that speaks ${v.major}.x`);
  }
  if (v.minor > CONTRACT_VERSION.minor) {
    throw new ContractError(`adapter implements contract version ${fmt(v)}, newer than this @anychip/core (${core}); upgrade @anychip/core to a release that speaks ${fmt(v)} or later`);
  }
  for (const m of REQUIRED) {
    if (typeof a[m] !== 'function') throw new ContractError(`adapter is missing required method ${m}() (contract ${fmt(v)})`);
  }
  for (const [m, since] of Object.entries(OPTIONAL)) {
    const f = (a as Record<string, unknown>)[m];
    if (f !== undefined && typeof f !== 'function') throw new ContractError(`adapter member ${m} must be a function (optional since contract ${since}), got ${typeof f}`);
  }
  let desc: unknown;
  try {
    desc = a.describe!();
  } catch (e) {
    throw new ContractError(`adapter describe() threw: ${(e as Error).message}`, { cause: e });
  }
  const parsed = AdapterDescriptionSchema.safeParse(desc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContractError(`adapter description is invalid at '${issue.path.join('.')}': ${issue.message}`);
  }
  return parsed.data;
}

/** The memory space an adapter's handles live in: declared, or private to the adapter. */
export function memorySpaceOf(description: ResolvedAdapterDescription): string {
  return description.memory?.space ?? `private:${description.name}`;
}
