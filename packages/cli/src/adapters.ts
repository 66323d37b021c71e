import { type Adapter, BadInputError, UnsupportedError, validateAdapter } from '@anychip/core';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import * as fs from 'node:fs';

type Factory = (options?: Record<string, unknown>) => Adapter<any, any>;

/** Adapters that ship with anychip, by short name. */
export const BUILTIN: Record<string, { pkg: string; factory: string }> = {
  cpu: { pkg: '@anychip/adapter-cpu', factory: 'cpu' },
  ort: { pkg: '@anychip/adapter-ort', factory: 'ort' },
};

function pickFactory(mod: Record<string, unknown>, spec: string, preferred?: string): Factory {
  const cands = [preferred && mod[preferred], mod.default, mod.adapter, ...Object.values(mod)].filter((f): f is Factory => typeof f === 'function');
  for (const f of cands) {
    try {
      const a = f();
      validateAdapter(a);
      return f;
    } catch (e) {
      if (cands.length === 1) throw e;
    }
  }
  throw new BadInputError(`'${spec}' exports no adapter factory; export a function returning an adapter (default, adapter(), or e.g. cpu())`);
}

/**
 * Resolves an adapter by short name (cpu, ort), npm package name, or module path,
 * so a vendor's adapter outside this repo plugs in like ours.
 */
export async function resolveAdapter(spec: string): Promise<Adapter<any, any>> {
  const b = BUILTIN[spec];
  let target = b?.pkg ?? spec;
  if (!b && (spec.startsWith('.') || spec.startsWith('/') || /\.(m?js|cjs)$/.test(spec))) {
    const abs = path.resolve(spec);
    if (!fs.existsSync(abs)) throw new BadInputError(`adapter module '${spec}' does not exist`);
    target = pathToFileURL(abs).href;
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(target)) as Record<string, unknown>;
  } catch (e) {
    throw new BadInputError(`cannot load adapter '${spec}' (${(e as Error).message.split('\n')[0]}); known names: ${Object.keys(BUILTIN).join(', ')}, or give a package name or module path`, { cause: e });
  }
  return pickFactory(mod, spec, b?.factory)();
}

/** Every built-in adapter that loads on this machine, and why the others did not. */
export async function presentAdapters(): Promise<{ name: string; adapter?: Adapter<any, any>; error?: string }[]> {
  const out = [];
  for (const name of Object.keys(BUILTIN)) {
    try {
      out.push({ name, adapter: await resolveAdapter(name) });
    } catch (e) {
      out.push({ name, error: e instanceof UnsupportedError || e instanceof BadInputError ? e.message : String(e) });
    }
  }
  return out;
}
