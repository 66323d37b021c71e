import type { AdapterResolver } from './adapters.js';
import type { Args, Options } from './args.js';

export type Print = (line: string) => void;

/** What every command gets besides its arguments. */
export interface Context {
  /** stdout, one line per call. */
  print: Print;
  /** stderr, for progress and notes that must not mix with --json output. */
  err: Print;
  /** --json: JSON to stdout, nothing else there. */
  json: boolean;
  /** Builds each adapter spec once per invocation. */
  adapters: AdapterResolver;
}

/** Options every command takes. */
export const COMMON = {
  json: { type: 'boolean', help: 'print JSON to stdout instead of text' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
} as const satisfies Options;

export interface Command<O extends Options = Options> {
  /** After `anychip <name>`, e.g. `<model> [options]`. */
  synopsis: string;
  /** One line for `anychip --help`. */
  summary: string;
  /** What --help says under the usage line. */
  about: string;
  /** How many positional arguments it takes at most. */
  positionals: number;
  options: O;
  /** Returns the exit code (0 when nothing is returned). */
  run(args: Args<O & typeof COMMON>, ctx: Context): Promise<number | void>;
}

/** Types a command's run() by its option spec. */
export function defineCommand<O extends Options>(c: Command<O>): Command<O> {
  return c;
}
