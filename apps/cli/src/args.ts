import { BadInputError } from '@anychip/core';
import { parseArgs } from 'node:util';

/** One option of one command: its node:util parseArgs spec plus what --help prints. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** What the value is, for --help: `<file>`, `<N>`. */
  value?: string;
  help: string;
}

export type Options = Record<string, OptionSpec>;

/** What a command receives: its positionals and its options, typed by the spec. */
export interface Args<O extends Options> {
  positionals: string[];
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string };
}

/**
 * Parses one command's argv with node:util parseArgs, strictly: an unknown flag, a missing
 * value, a value given to a switch or a stray argument is a BadInputError, one line that
 * names the flag and the command.
 */
export function parse<O extends Options>(command: string, argv: string[], options: O, positionals: number): Args<O> {
  // node:util rejects keys present with the value undefined
  const spec = Object.fromEntries(Object.entries(options).map(([k, o]) => [k, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]));
  try {
    const r = parseArgs({ args: argv, options: spec, strict: true, allowPositionals: true });
    if (r.positionals.length > positionals) {
      const extra = r.positionals[positionals];
      throw new BadInputError(`unexpected argument '${extra}' for anychip ${command}${extra.startsWith('-') ? '' : positionals ? ` (it takes ${positionals})` : ' (it takes none)'}; see anychip ${command} --help`);
    }
    return { positionals: r.positionals, values: r.values as Args<O>['values'] };
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'(-[^' ]+)/.exec(err.message)?.[1];
    const see = `; see anychip ${command} --help`;
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new BadInputError(`unknown option '${flag ?? '?'}' for anychip ${command}${see}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        if (/does not take an argument/.test(err.message)) throw new BadInputError(`option ${flag} takes no value${see}`);
        if (/ambiguous/.test(err.message)) throw new BadInputError(`option ${flag} needs a value, and the next argument starts with '-'; write ${flag}=<value> if that is the value${see}`);
        throw new BadInputError(`option ${flag} needs a value${see}`);
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new BadInputError(`unexpected argument for anychip ${command}${see}`);
      default:
        throw e;
    }
  }
}

/** A whole number option within bounds, or `fallback` when not given. */
export function intOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new BadInputError(`--${name} takes a whole number >= ${min}, got '${value}'`);
  return n;
}

/** The usage text for one command, from its spec. */
export function usage(command: string, synopsis: string, about: string, options: Options): string {
  const rows = Object.entries(options).map(([k, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${k}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`, o.help + (o.multiple ? ' (repeatable)' : '')]);
  const w = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [`usage: anychip ${command} ${synopsis}`.trimEnd(), '', about, '', 'options:', ...rows.map(([l, h]) => `  ${l.padEnd(w)}${h}`)].join('\n');
}

/** `name=value` pairs; a bare value goes to `first` (the model's first input). */
export function pairs(list: readonly string[] | undefined, first: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of list ?? []) {
    const eq = v.indexOf('=');
    out.set(eq >= 0 ? v.slice(0, eq) : first, eq >= 0 ? v.slice(eq + 1) : v);
  }
  return out;
}

/** `--shape name=1,3,48,192` (or `1x3x48x192`) options as input name -> dims. */
export function shapeOptions(list: readonly string[] | undefined, first: string): Map<string, number[]> {
  return new Map([...pairs(list, first)].map(([k, v]) => {
    const dims = v.split(/[,x]/).map(Number);
    if (!v || dims.some((d) => !Number.isInteger(d) || d < 0)) throw new BadInputError(`bad --shape '${k}=${v}'; write it as ${k}=1,3,48,192`);
    return [k, dims];
  }));
}
