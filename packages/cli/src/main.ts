import { isAnychipError } from '@anychip/core';
import { parseArgs } from './args.js';
import { cmdAdapters, cmdConvert, cmdDemo, cmdInspect, cmdRun, type Print } from './commands.js';
import { cmdConformance } from './conformance.js';

const USAGE = `anychip: one model, any chip

usage:
  anychip demo [--runs N] [--models ppocr-cls,ppocr-det,ppocr-rec]   built-in PaddleOCR models on every adapter present
  anychip run <model> [--adapter cpu|ort|<package>|<path>] [--input name=file.npy|random]
                      [--shape name=1,3,48,192] [--compare <adapter>] [--repeat N] [--seed N]
  anychip inspect <model> [--adapter a,b]     inputs, outputs, opsets, op histogram, who can run each op
  anychip adapters                            adapters found on this machine, with device info
  anychip convert <in> <out>                  .onnx <-> .anychip (native container)
  anychip conformance --adapter <a> [--suite node,pytorch-converted,pytorch-operator,simple] [--filter re]
                      [--report out.html] [--md out.md] [--json out.json] [--baseline known.json] [--write-baseline f]

every command takes --json; exit codes: 0 ok, 2 bad model/input/unsupported, 3 conformance regressions, 1 internal error`;

const COMMANDS: Record<string, (p: ReturnType<typeof parseArgs>, print: Print, json: boolean) => Promise<void | number>> = {
  run: cmdRun, inspect: cmdInspect, adapters: cmdAdapters, convert: cmdConvert, demo: cmdDemo, conformance: cmdConformance,
};

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], out: Print = (l) => process.stdout.write(`${l}\n`), err: Print = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') { out(USAGE); return cmd ? 0 : 2; }
  const run = COMMANDS[cmd];
  if (!run) { err(`anychip: unknown command '${cmd}'; try: ${Object.keys(COMMANDS).join(', ')}`); return 2; }
  let json = false;
  try {
    // conformance's --json names a report file; everywhere else it switches output to JSON
    const p = parseArgs(rest, new Set(cmd === 'conformance' ? [] : ['json']));
    json = cmd !== 'conformance' && p.flags.has('json');
    return (await run(p, out, json)) ?? 0;
  } catch (e) {
    if (isAnychipError(e)) {
      const msg = String((e as Error).message).split('\n')[0];
      if (json) out(JSON.stringify({ error: { code: (e as { code: string }).code, message: msg } }));
      err(`anychip: ${(e as { code: string }).code}: ${msg}`);
      return 2;
    }
    err(`anychip: internal error: ${(e as Error)?.stack ?? String(e)}`);
    return 1;
  }
}
