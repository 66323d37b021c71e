import { isAnychipError } from '@anychip/core';
import { AdapterResolver } from './adapters.js';
import { parse, usage } from './args.js';
import { COMMON, type Command, type Print } from './command.js';
import { adapters, convert, demo, run } from './commands.js';
import { conformance } from './conformance.js';
import { inspect } from './inspect.js';

const COMMANDS: Record<string, Command<any>> = { demo, run, inspect, adapters, convert, conformance };

const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
const USAGE = `anychip: one model, any chip

usage: anychip <command> [options]    (anychip <command> --help for its options)

commands:
${Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(width)}${c.summary}`).join('\n')}

every command takes --json (JSON to stdout) and --help.
exit codes: 0 ok, 2 bad model/input/unsupported, 3 conformance regressions, 1 internal error`;

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], out: Print = (l) => process.stdout.write(`${l}\n`), err: Print = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && COMMANDS[rest[0]]) return main([rest[0], '--help'], out, err);
    (name ? out : err)(USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) { err(`anychip: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')} (anychip --help)`); return 2; }
  const options = { ...cmd.options, ...COMMON };
  // --json decides where an error goes, so it is read before anything can fail
  let json = rest.includes('--json');
  const resolver = new AdapterResolver();
  try {
    // --help wins over anything else on the line, even a flag that would not parse
    if (rest.includes('--help') || rest.includes('-h')) { out(usage(name, cmd.synopsis, cmd.about, options)); return 0; }
    const args = parse(name, rest, options, cmd.positionals);
    json = args.values.json === true;
    return (await cmd.run(args, { print: out, err, json, adapters: resolver })) ?? 0;
  } catch (e) {
    if (isAnychipError(e)) {
      const code = (e as { code: string }).code;
      const msg = String((e as Error).message).split('\n')[0];
      if (json) out(JSON.stringify({ error: { code, message: msg } }));
      err(`anychip: ${code}: ${msg}`);
      return 2;
    }
    err(`anychip: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  } finally {
    await resolver.dispose().catch(() => {});
  }
}
