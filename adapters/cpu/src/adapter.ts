import {
  type Adapter, type AdapterDescription, type DataType, type NodeQuery, type Subgraph, type Support,
  OP_TABLE_OPSET, type Tensor, defineAdapter, opVersions,
} from '@anychip/core';
import { canGenerateCode } from './fuse.js';
import { kernelVersions } from './kernel.js';
import { KERNELS } from './kernels/index.js';
import { type Program, compileProgram, kernelOf, runProgram } from './program.js';

export interface CpuOptions {
  /** Adapter name, if two CPU adapters are used side by side. */
  name?: string;
  /** Fuse chains of elementwise ops into one loop (default true where code generation is allowed). */
  fuse?: boolean;
}

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
export function cpu(options: CpuOptions = {}): Adapter<Program, Tensor> {
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

  return defineAdapter<Program, Tensor, Adapter<Program, Tensor>>({
    contractVersion: { major: 1, minor: 1 },
    describe: () => description,

    supports(q: NodeQuery): Support {
      const k = kernelOf(q.node.domain, q.node.opType);
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

    compile: async (sg: Subgraph): Promise<Program> => compileProgram(sg, fuse),
    execute: async (c: Program, inputs: Tensor[]): Promise<Tensor[]> => runProgram(c, inputs).map(track),

    upload: async (t: Tensor) => track(t),
    download: async (t: Tensor) => t,
    release: (t: Tensor) => {
      const n = live.get(t);
      if (n !== undefined) { live.delete(t); used -= n; }
    },
    memory: () => ({ usedBytes: used }),
  });
}
