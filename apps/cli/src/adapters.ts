import { type Adapter, BadInputError, ContractError, isAnychipError, validateAdapter } from '@anychip/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

type Factory = (options?: Record<string, unknown>) => Adapter<any, any>;

/** Adapters that ship with anychip, by short name: the package and its named factory. */
export const BUILTIN: Record<string, { pkg: string; factory: string }> = {
  cpu: { pkg: '@anychip/adapter-cpu', factory: 'cpu' },
  ort: { pkg: '@anychip/adapter-ort', factory: 'ort' },
};

/** Exports that are plainly not adapter factories: setters, predicates, definers, classes. */
const HELPER = /^(set|get|is|has|uses?|can|define|validate|register|read|write|parse|format|to|from|with|on)(?=[A-Z_0-9]|$)|^[A-Z]/;

/** Where a spec points: the module to import and, if named, the export to call. */
function parseSpec(spec: string): { target: string; exportName?: string } {
  const b = BUILTIN[spec];
  if (b) return { target: b.pkg, exportName: b.factory };
  // a '#' inside an existing file's path is part of the path, not a factory name
  const hash = fs.existsSync(spec) ? -1 : spec.lastIndexOf('#');
  const mod = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : undefined;
  if (hash > 0 && !exportName) throw new BadInputError(`adapter spec '${spec}' ends in '#'; write ${mod}#<factory name>`);
  const builtinPkg = Object.values(BUILTIN).find((x) => x.pkg === mod);
  if (mod.startsWith('.') || path.isAbsolute(mod) || /\.(m?js|cjs)$/.test(mod)) {
    const abs = path.resolve(mod);
    if (!fs.existsSync(abs)) throw new BadInputError(`adapter module '${mod}' does not exist`);
    return { target: pathToFileURL(abs).href, exportName };
  }
  return { target: mod, exportName: exportName ?? builtinPkg?.factory };
}

/**
 * Finds the one factory a spec names, without calling anything. The rules, in order:
 * a built-in short name (cpu, ort) maps to its package and named factory; `spec#name`
 * takes that export; a module whose default export is a function uses it; otherwise the
 * only exported function whose name is not plainly a helper. Anything else is a
 * BadInputError that lists the candidates and the `spec#name` syntax.
 */
export async function findFactory(spec: string): Promise<{ factory: Factory; exportName: string; target: string }> {
  const { target, exportName } = parseSpec(spec);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(target)) as Record<string, unknown>;
  } catch (e) {
    throw new BadInputError(`cannot load adapter '${spec}' (${(e as Error).message.split('\n')[0]}); known names: ${Object.keys(BUILTIN).join(', ')}, or give a package name or module path`, { cause: e });
  }
  const functions = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
  if (exportName) {
    if (typeof mod[exportName] !== 'function') throw new BadInputError(`adapter module '${spec}' has no exported function '${exportName}'; its functions: ${functions.join(', ') || 'none'}`);
    return { factory: mod[exportName] as Factory, exportName, target };
  }
  if (typeof mod.default === 'function') return { factory: mod.default as Factory, exportName: 'default', target };
  const candidates = functions.filter((k) => k !== 'default' && !HELPER.test(k));
  if (candidates.length === 1) return { factory: mod[candidates[0]] as Factory, exportName: candidates[0], target };
  if (!candidates.length) throw new BadInputError(`'${spec}' exports no adapter factory; export a function that returns an adapter (as the default export, or name it: ${spec}#<name>)`);
  throw new BadInputError(`'${spec}' exports several functions that could be adapter factories (${candidates.join(', ')}); pick one with ${spec}#<name>, e.g. ${spec}#${candidates[0]}`);
}

/** Calls a factory once and checks what it returns against the contract. */
async function build(spec: string): Promise<Adapter<any, any>> {
  const { factory, exportName } = await findFactory(spec);
  const adapter = factory();
  try {
    validateAdapter(adapter);
  } catch (e) {
    if (e instanceof ContractError) throw new ContractError(`adapter '${spec}' (export ${exportName}): ${e.message}`, { cause: e });
    throw e;
  }
  return adapter;
}

export interface PresentAdapter {
  name: string;
  adapter?: Adapter<any, any>;
  /** Why it is not present. */
  error?: string;
}

/**
 * Builds adapters from specs, each at most once: a second request for the same spec (or
 * another spec naming the same module and export) gets the same object, so a device is
 * opened once per CLI invocation. `dispose()` frees what it built.
 */
export class AdapterResolver {
  readonly #built = new Map<string, Promise<Adapter<any, any>>>();

  /** The adapter a spec names: `cpu`, `ort`, a package name or module path, optionally `#factory`. */
  get(spec: string): Promise<Adapter<any, any>> {
    let key: string;
    try {
      const p = parseSpec(spec);
      key = `${p.target}#${p.exportName ?? ''}`;
    } catch (e) {
      return Promise.reject(e);
    }
    let a = this.#built.get(key);
    if (!a) this.#built.set(key, (a = build(spec)));
    return a;
  }

  /** Every built-in adapter that loads on this machine, and why the others do not. */
  async present(): Promise<PresentAdapter[]> {
    const out: PresentAdapter[] = [];
    for (const name of Object.keys(BUILTIN)) {
      try {
        out.push({ name, adapter: await this.get(name) });
      } catch (e) {
        out.push({ name, error: isAnychipError(e) ? (e as Error).message.split('\n')[0] : String(e) });
      }
    }
    return out;
  }

  /** Disposes every adapter built; they are unusable after. */
  async dispose(): Promise<void> {
    const all = await Promise.allSettled([...this.#built.values()]);
    this.#built.clear();
    for (const r of all) if (r.status === 'fulfilled') await r.value.dispose?.();
  }
}

/** Resolves one adapter spec (see AdapterResolver.get); calls its factory once. */
export async function resolveAdapter(spec: string): Promise<Adapter<any, any>> {
  return new AdapterResolver().get(spec);
}

/** Every built-in adapter that loads on this machine, and why the others did not. */
export async function presentAdapters(resolver = new AdapterResolver()): Promise<PresentAdapter[]> {
  return resolver.present();
}
