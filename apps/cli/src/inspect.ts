import { BadInputError, type Dim, type Model, type Plan, Session, UnsupportedError, formatPlan, loadModel, prepareModel, runtimeInputs, validateAdapter } from '@anychip/core';
import type { NamedAdapter } from '@anychip/conformance';
import { shapeOptions } from './args.js';
import { defineCommand, type Print } from './command.js';

type Shape = { name: string; type: string | null; shape: unknown[] | null };

export interface InspectInfo {
  model: string;
  irVersion: number;
  producer: string | null;
  opsets: Record<string, number>;
  inputs: Shape[];
  outputs: Shape[];
  nodes: number;
  initializers: number;
  parameters: number;
  /**
   * op -> node count; how many of its nodes each adapter runs (`placed`, by adapter name);
   * and per adapter spec 'ok' (it runs some), its refusal reason, or 'not asked' (an adapter
   * earlier in the list took every node first).
   */
  ops: Record<string, { count: number; placed: Record<string, number>; support: Record<string, string> }>;
  /** The session's plan: steps, transfers at the seams, when values are freed. */
  plan?: Plan;
  /** Why no session could be made (an op no adapter takes), if so. */
  error?: string;
}

/**
 * What `anychip inspect` reports: the model's header and op histogram, then what a session
 * on these adapters does with it: placement per op (and why adapters refused) and the plan.
 */
export async function inspectModel(file: string, adapters: readonly NamedAdapter[], inputShapes?: Record<string, readonly Dim[]>, loaded?: Model): Promise<InspectInfo> {
  const model = prepareModel(loaded ?? (await loadModel(file)));
  const vi = (v: { name: string; dtype?: string; shape?: unknown[] }): Shape => ({ name: v.name, type: v.dtype ?? null, shape: v.shape ?? null });
  const info: InspectInfo = {
    model: file, irVersion: model.irVersion, producer: model.producerName ?? null, opsets: model.opsetImports,
    inputs: model.graph.inputs.filter((i) => !model.graph.initializers.has(i.name)).map(vi),
    outputs: model.graph.outputs.map(vi),
    nodes: model.graph.nodes.length, initializers: model.graph.initializers.size,
    parameters: [...model.graph.initializers.values()].reduce((a, t) => a + t.size, 0),
    ops: {},
  };
  const opKey = (n: { domain: string; opType: string }) => `${n.domain ? `${n.domain}.` : ''}${n.opType}`;
  for (const n of model.graph.nodes) {
    const e = (info.ops[opKey(n)] ??= { count: 0, placed: {}, support: {} });
    e.count++;
  }
  let session: Session | undefined;
  try {
    session = await Session.create(model, { adapters: adapters.map((a) => a.adapter), inputShapes });
  } catch (e) {
    if (!(e instanceof UnsupportedError)) throw e;
    info.error = e.message;
  }
  if (session) {
    const specOf = new Map(adapters.map((a) => [validateAdapter(a.adapter).name, a.name]));
    const byName = new Map(session.model.graph.nodes.map((n) => [n.name, n]));
    for (const p of session.placement()) {
      const e = info.ops[opKey(byName.get(p.node)!)];
      e.placed[p.adapter] = (e.placed[p.adapter] ?? 0) + 1;
      e.support[specOf.get(p.adapter) ?? p.adapter] = 'ok';
      for (const r of p.refused) e.support[specOf.get(r.adapter) ?? r.adapter] ??= r.reason;
    }
    for (const e of Object.values(info.ops)) for (const a of adapters) e.support[a.name] ??= e.count && !Object.keys(e.placed).length ? 'folded at create' : 'not asked';
    info.plan = session.plan();
    await session.dispose();
  }
  info.ops = Object.fromEntries(Object.entries(info.ops).sort((a, b) => b[1].count - a[1].count));
  return info;
}

export function printInspect(info: InspectInfo, adapterNames: readonly string[], print: Print): void {
  const shape = (v: Shape) => `${v.type ?? '?'}[${(v.shape ?? []).map((d) => d ?? '?').join(', ')}]`;
  print(`model   ${info.model}`);
  print(`ir ${info.irVersion}, producer ${info.producer ?? '-'}, opsets ${Object.entries(info.opsets).map(([d, v]) => `${d || 'ai.onnx'} ${v}`).join(', ')}`);
  print(`${info.nodes} nodes, ${info.initializers} initializers, ${info.parameters.toLocaleString('en-US')} parameters`);
  for (const i of info.inputs) print(`input   ${i.name}  ${shape(i)}`);
  for (const o of info.outputs) print(`output  ${o.name}  ${shape(o)}`);
  print('');
  print(`${'op'.padEnd(28)}${'count'.padStart(6)}  runs on`);
  for (const [op, e] of Object.entries(info.ops)) {
    const folded = info.error ? 0 : e.count - Object.values(e.placed).reduce((a, n) => a + n, 0);
    const where = [...Object.entries(e.placed).map(([a, n]) => (n === e.count ? a : `${a} x${n}`)), ...(folded ? [`${folded} folded at create`] : [])].join(', ') || '-';
    print(`${op.padEnd(28)}${String(e.count).padStart(6)}  ${where}`);
  }
  const refusals = Object.entries(info.ops).flatMap(([op, e]) => adapterNames.filter((a) => e.support[a] && !['ok', 'not asked', 'folded at create'].includes(e.support[a])).map((a) => `  ${a} refuses ${op}: ${e.support[a]}`));
  if (refusals.length) { print(''); refusals.forEach((r) => print(r)); }
  print('');
  if (info.error) print(`no session on ${adapterNames.join(', ')}: ${info.error}`);
  if (info.plan) print(formatPlan(info.plan));
}

export const inspect = defineCommand({
  synopsis: '<model> [options]',
  summary: 'inputs, outputs, opsets, op histogram, which adapter runs each op and why others refused, and the plan',
  about: 'Loads <model> (.onnx or .anychip), prints its inputs, outputs, opsets and op histogram, then makes a session on the adapters and prints which adapter runs each op (and why earlier ones refused) and the plan: steps, transfers at the seams, when values are freed. With --shape the inputs are bound to static shapes first, as a graph compiler would see them, and shape arithmetic folds away.',
  positionals: 1,
  options: {
    adapter: { type: 'string', value: '<a,b>', help: 'adapters in preference order, comma-separated specs (default: every built-in adapter present)' },
    shape: { type: 'string', multiple: true, value: '<name=1,3,48,192>', help: 'bind an input to a static shape (repeatable)' },
  },
  async run({ positionals: [file], values: v }, ctx) {
    if (!file) throw new BadInputError('anychip inspect needs a model file; see anychip inspect --help');
    const names = v.adapter?.split(',').map((n) => n.trim()).filter(Boolean);
    const adapters: NamedAdapter[] = names
      ? await Promise.all(names.map(async (n) => ({ name: n, adapter: await ctx.adapters.get(n) })))
      : (await ctx.adapters.present()).filter((a) => a.adapter).map((a) => ({ name: a.name, adapter: a.adapter! }));
    const loaded = await loadModel(file);
    const shapes = shapeOptions(v.shape, runtimeInputs(loaded.graph)[0]?.name ?? '');
    const info = await inspectModel(file, adapters, shapes.size ? Object.fromEntries(shapes) : undefined, loaded);
    if (ctx.json) ctx.print(JSON.stringify(info, null, 2));
    else printInspect(info, adapters.map((a) => a.name), ctx.print);
    return info.error ? 2 : 0;
  },
});
