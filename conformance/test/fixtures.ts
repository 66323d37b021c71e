/** Adapters that break the contract on purpose (the suite must catch each), and one written as a class. */
import { type Adapter, type NodeQuery, type Subgraph, type Tensor, ExecutionError } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { withOverrides } from '@anychip/conformance';

/**
 * Says yes to every node, including ops it has no kernel for, and hides the failed compile
 * until it runs: the kind of adapter capability-honesty must catch. (One that refuses at
 * compile time is honest: the session moves those nodes on, see the contract.)
 */
export function liar(): Adapter<any, any> {
  const base = cpu({ name: 'liar' });
  return withOverrides(base, {
    supports: () => ({ ok: true }),
    compile: async (sg: Subgraph) => {
      try {
        return { inner: await base.compile(sg) };
      } catch (e) {
        return { broken: (e as Error).message };
      }
    },
    execute: async (c: { inner?: unknown; broken?: string }, ins: Tensor[]) => {
      if (c.broken) throw new ExecutionError(`liar cannot run this after all: ${c.broken}`);
      return base.execute(c.inner, ins);
    },
    releaseCompiled: (c: { inner?: unknown }) => { if (c.inner) base.releaseCompiled?.(c.inner); },
  });
}

/** Computes with the cpu kernels, then flips the sign of every float output. */
export function signFlip(): Adapter<any, any> {
  const base = cpu({ name: 'signflip' });
  return withOverrides(base, {
    execute: async (c: unknown, ins: Tensor[]) => (await base.execute(c, ins)).map((t: Tensor) => {
      if (t.type !== 'float32') return t;
      const d = Float32Array.from(t.data as Float32Array, (v) => -v);
      return { ...t, data: d, type: t.type, dims: t.dims, size: t.size, reshape: t.reshape } as Tensor;
    }),
  });
}

/** Counts every handle it hands out and never gives the memory back. */
export function leaker(): Adapter<any, any> {
  const base = cpu({ name: 'leaker' });
  let used = 0;
  return withOverrides(base, {
    execute: async (c: unknown, ins: Tensor[]) => {
      const outs = await base.execute(c, ins);
      for (const t of outs) used += (t.data as Float32Array).byteLength;
      return outs;
    },
    release: () => {},
    memory: () => ({ usedBytes: used }),
  });
}

/**
 * A vendor adapter written as a class: prototype methods, a getter and #private state. The
 * contract cases must work on it as they do on object adapters.
 */
export class ClassAdapter implements Adapter<unknown, Tensor> {
  readonly #inner = cpu({ name: 'classy' });
  #runs = 0;
  get contractVersion() { return { major: 1, minor: 1 }; }
  get runs(): number { return this.#runs; }
  describe() { return { ...this.#inner.describe(), vendor: 'Class Co' }; }
  supports(q: NodeQuery) { return this.#inner.supports(q); }
  compile(sg: Subgraph) { return this.#inner.compile(sg); }
  async execute(c: unknown, ins: Tensor[]) { this.#runs++; return this.#inner.execute(c as never, ins); }
  upload(t: Tensor) { return this.#inner.upload(t); }
  download(h: Tensor) { return this.#inner.download(h); }
  release(h: Tensor) { this.#inner.release(h); }
  memory() { return this.#inner.memory!(); }
}
