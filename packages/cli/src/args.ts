import { BadInputError } from '@anychip/core';

export interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

/** `--name value`, `--name=value`, repeated flags, and boolean `--json`-style switches. */
export function parseArgs(argv: string[], booleans: ReadonlySet<string>): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq > 0 ? eq : undefined);
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else if (booleans.has(name)) value = 'true';
    else {
      if (i + 1 >= argv.length) throw new BadInputError(`--${name} needs a value`);
      value = argv[++i];
    }
    (flags.get(name) ?? flags.set(name, []).get(name)!).push(value);
  }
  return { positional, flags };
}

export function flag(p: Parsed, name: string): string | undefined {
  return p.flags.get(name)?.at(-1);
}
