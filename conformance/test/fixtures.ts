/** Adapters that break the contract on purpose; the suite must catch each. */
import type { Adapter, Tensor } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';

/** Says yes to every node, including ops it has no kernel for. */
export function liar(): Adapter<any, any> {
  const base = cpu({ name: 'liar' });
  return { ...base, supports: () => ({ ok: true }) };
}

/** Computes with the cpu kernels, then flips the sign of every float output. */
export function signFlip(): Adapter<any, any> {
  const base = cpu({ name: 'signflip' });
  return {
    ...base,
    execute: async (c, ins) => (await base.execute(c, ins)).map((t: Tensor) => {
      if (t.type !== 'float32') return t;
      const d = Float32Array.from(t.data as Float32Array, (v) => -v);
      return { ...t, data: d, type: t.type, dims: t.dims, size: t.size, reshape: t.reshape } as Tensor;
    }),
  };
}

/** Counts every handle it hands out and never gives the memory back. */
export function leaker(): Adapter<any, any> {
  const base = cpu({ name: 'leaker' });
  let used = 0;
  return {
    ...base,
    execute: async (c, ins) => {
      const outs = await base.execute(c, ins);
      for (const t of outs) used += (t.data as Float32Array).byteLength;
      return outs;
    },
    release: () => {},
    memory: () => ({ usedBytes: used }),
  };
}
