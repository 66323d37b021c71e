/**
 * The adapter contract (the chip ABI), version 1.
 *
 *   required  contractVersion      the contract version implemented; core rejects a mismatch
 *   required  describe()           who you are: name, vendor, device, memory, dtypes, numerics
 *   required  supports(query)      can you run this node? if not, say why (drives partitioning)
 *   required  compile(subgraph)    once per subgraph: fuse, lower, or build a kernel list
 *   required  execute(c, inputs)   run a compiled subgraph on device handles, return handles
 *   required  upload(tensor)       host -> device
 *   required  download(handle)     device -> host
 *   required  release(handle)      free one device tensor
 *   optional  releaseCompiled(c)   free what compile() holds (weights, pipelines)
 *   optional  copyFrom(h, src)     device-to-device from another adapter, skipping the host
 *   optional  memory()             bytes in use / total, for leak checks and planning
 *   optional  dispose()            free everything; the adapter is unusable after
 *
 * Errors: throw the typed errors from errors.ts (UnsupportedError, OutOfMemoryError,
 * DeviceLostError, CompileError, ExecutionError); the session turns anything else into
 * ExecutionError and keeps going. Helpers you may use, not methods you must write:
 * defineAdapter(), Subgraph utilities, shape helpers in shape.ts.
 */
import { z } from 'zod';
import { DATA_TYPES, type DataType } from './dtype.js';
import { ContractError } from './errors.js';
import type { Node, ValueInfo } from './ir.js';
import type { Tensor } from './tensor.js';

export const CONTRACT_VERSION = 1;

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
  memory: z.object({ totalBytes: z.number().nonnegative().optional() }).optional(),
  dtypes: z.array(z.enum(DATA_TYPES)).min(1),
  /** How a subgraph runs: eager kernels, a whole-graph compile, or a wrapped runtime. */
  execution: z.enum(['eager', 'graph', 'runtime']),
  /** Declared numeric behaviour; the conformance tolerance scales with it. */
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
  opset: number;
  inputs: (ValueInfo | undefined)[];
  outputs: (ValueInfo | undefined)[];
  /** Inputs whose values are known ahead of time (weights, folded shapes). */
  constants: ReadonlySet<string>;
}
export type Support = { ok: true } | { ok: false; reason: string };

/** A contiguous piece of the graph given to one adapter. */
export interface Subgraph {
  id: string;
  nodes: Node[];
  /** Runtime values, in the order execute() receives them. */
  inputs: ValueInfo[];
  /** Values the rest of the graph needs, in the order execute() returns them. */
  outputs: ValueInfo[];
  /** Weights and constants the nodes read, handed over at compile time. */
  initializers: Map<string, Tensor>;
  opsets: Record<string, number>;
}

/** An opaque device tensor. Only its adapter looks inside. */
export interface DeviceTensor {
  readonly type: DataType;
  readonly dims: readonly number[];
}

export interface Adapter<C = unknown, H extends DeviceTensor = DeviceTensor> {
  readonly contractVersion: number;
  describe(): AdapterDescription;
  supports(query: NodeQuery): Support;
  compile(subgraph: Subgraph): Promise<C>;
  execute(compiled: C, inputs: H[]): Promise<H[]>;
  upload(tensor: Tensor): Promise<H>;
  download(handle: H): Promise<Tensor>;
  release(handle: H): void;
  releaseCompiled?(compiled: C): void;
  copyFrom?(handle: DeviceTensor, source: Adapter): Promise<H | undefined>;
  memory?(): { usedBytes: number; totalBytes?: number };
  dispose?(): Promise<void>;
}

const REQUIRED = ['describe', 'supports', 'compile', 'execute', 'upload', 'download', 'release'] as const;

/**
 * Validates an adapter against the contract: version, required methods, description.
 * Use it in an adapter's factory; core calls it again on every adapter a session gets.
 */
export function defineAdapter<C, H extends DeviceTensor, A extends Adapter<C, H>>(adapter: A): A {
  validateAdapter(adapter);
  return adapter;
}

export function validateAdapter(adapter: unknown): ResolvedAdapterDescription {
  const a = adapter as Partial<Adapter> | null;
  if (!a || typeof a !== 'object') throw new ContractError(`expected an adapter object, got ${String(adapter)}; call the adapter's factory, e.g. cpu()`);
  if (a.contractVersion !== CONTRACT_VERSION) {
    throw new ContractError(`adapter implements contract version ${String(a.contractVersion)}, but this @anychip/core speaks version ${CONTRACT_VERSION}; upgrade the adapter package or pin @anychip/core to a matching release`);
  }
  for (const m of REQUIRED) {
    if (typeof a[m] !== 'function') throw new ContractError(`adapter is missing required method ${m}() (contract v${CONTRACT_VERSION})`);
  }
  const parsed = AdapterDescriptionSchema.safeParse(a.describe!());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContractError(`adapter description is invalid at '${issue.path.join('.')}': ${issue.message}`);
  }
  return parsed.data;
}
