import type { ResolvedAdapterDescription } from '@anychip/core';
import type { Baseline } from './baseline.js';
import type { CaseResult, Status } from './runner.js';
import { BASE, OPS } from './tolerance.js';

type Counts = Record<Status, number>;
const zero = (): Counts => ({ pass: 0, fail: 0, error: 0, skip: 0 });

export interface Report {
  tool: 'anychip conformance';
  format: 1;
  date: string;
  adapter: ResolvedAdapterDescription;
  summary: Counts & { total: number; bySuite: Record<string, Counts> };
  /** op -> element type -> counts, from the cases that use the op. */
  coverage: Record<string, Record<string, Counts>>;
  /** Worst error seen per op (fraction of the allowance) and where, over single-op suites. */
  worstPerOp: Record<string, { worst: number; maxAbs: number; case: string }>;
  /** The baseline file judged against, if any. */
  baseline?: string;
  regressions: string[];
  fixed: string[];
  knownFailures: { id: string; reason: string; status?: Status }[];
  tolerance: { base: typeof BASE; ops: typeof OPS };
  results: CaseResult[];
}

export function buildReport(adapter: ResolvedAdapterDescription, results: CaseResult[], baseline: Baseline | undefined, regressions: CaseResult[], fixed: string[], baselineName?: string): Report {
  const summary = { total: results.length, ...zero(), bySuite: {} as Record<string, Counts> };
  const coverage: Report['coverage'] = {};
  const worstPerOp: Report['worstPerOp'] = {};
  for (const r of results) {
    summary[r.status]++;
    (summary.bySuite[r.suite] ??= zero())[r.status]++;
    for (const { op, dtype } of r.ops) {
      ((coverage[op] ??= {})[dtype ?? '?'] ??= zero())[r.status]++;
      if (r.suite === 'node' && r.worst !== undefined && (worstPerOp[op]?.worst ?? -1) < r.worst) {
        worstPerOp[op] = { worst: r.worst, maxAbs: r.maxAbs ?? 0, case: r.id };
      }
    }
  }
  const status = new Map(results.map((r) => [r.id, r.status]));
  return {
    tool: 'anychip conformance', format: 1, date: new Date().toISOString(), adapter, summary, coverage, worstPerOp, baseline: baseline ? baselineName ?? 'baseline' : undefined,
    regressions: regressions.map((r) => r.id), fixed,
    knownFailures: Object.entries(baseline?.cases ?? {}).map(([id, reason]) => ({ id, reason, status: status.get(id) })),
    tolerance: { base: BASE, ops: OPS }, results,
  };
}

const pct = (c: Counts, total: number) => (total ? `${((100 * c.pass) / total).toFixed(1)}%` : '-');

/** Markdown, for PRs and terminals. */
export function toMarkdown(r: Report): string {
  const L: string[] = [];
  const d = r.adapter;
  L.push(`# Conformance: ${d.name}`, '');
  L.push(`${d.vendor}, ${d.device.kind} ${d.device.name}; execution ${d.execution}; accumulates in ${d.numerics.accumulate}, float32 stored as ${d.numerics.float32Storage}. ${r.date}`, '');
  L.push('| suite | cases | pass | fail | error | skip | pass rate |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const [s, c] of Object.entries(r.summary.bySuite)) {
    const t = c.pass + c.fail + c.error + c.skip;
    L.push(`| ${s} | ${t} | ${c.pass} | ${c.fail} | ${c.error} | ${c.skip} | ${pct(c, t)} |`);
  }
  L.push(`| **all** | ${r.summary.total} | ${r.summary.pass} | ${r.summary.fail} | ${r.summary.error} | ${r.summary.skip} | ${pct(r.summary, r.summary.total)} |`, '');
  if (r.baseline) {
    L.push(`Regressions against ${r.baseline} (not passing, not known failures): ${r.regressions.length ? r.regressions.map((x) => `\`${x}\``).join(', ') : 'none'}.`);
    if (r.fixed.length) L.push('', `Fixed (known failures that now pass; remove them from the baseline): ${r.fixed.map((x) => `\`${x}\``).join(', ')}.`);
  } else L.push('No baseline given: nothing is judged a regression.');
  const missing = new Map<string, number>();
  for (const x of r.results) {
    if (x.status !== 'skip') continue;
    const why = x.reason ?? '';
    const node = /no adapter can run node '[^']*' \(([^,]+), opset/.exec(why);
    const key = node ? node[1] : / is a (sequence|optional|map|sparse) value/.test(why) ? 'sequence/optional/map values' : why.replace(/^E_UNSUPPORTED: /, '').slice(0, 90);
    missing.set(key, (missing.get(key) ?? 0) + 1);
  }
  if (missing.size) {
    L.push('', '## Skipped: what the adapter refused (cases)', '');
    L.push([...missing].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} (${n})`).join(', '));
  }
  const models = r.results.filter((x) => x.suite === 'models');
  if (models.length) {
    L.push('', '## Real models vs onnxruntime-node (where each node ran)', '', '| model | status | worst (of budget) | max abs diff | placement |', '| --- | --- | --- | --- | --- |');
    for (const m of models) {
      const pl = (m as { placement?: Record<string, number> }).placement;
      L.push(`| ${m.id} | ${m.status} | ${m.worst !== undefined ? `${(100 * m.worst).toFixed(1)}%` : ''} | ${m.maxAbs?.toPrecision(3) ?? ''} | ${pl ? Object.entries(pl).map(([a, n]) => `${a}: ${n} nodes`).join(', ') : m.reason ?? ''} |`);
    }
  }
  const contract = r.results.filter((x) => x.suite === 'contract');
  if (contract.length) {
    L.push('', '## Contract cases', '', '| case | status | what was checked |', '| --- | --- | --- |');
    for (const k of contract) L.push(`| \`${k.id}\` | ${k.status} | ${(k.reason ?? '').replace(/\|/g, '/')} |`);
  }
  const failures = r.results.filter((x) => (x.status === 'fail' || x.status === 'error') && x.suite !== 'contract');
  if (failures.length) {
    L.push('', '## Failures and errors (first mismatch each)', '');
    for (const f of failures) L.push(`- \`${f.id}\` **${f.status}**: ${f.reason ?? ''}`);
  }
  L.push('', '## Op x dtype coverage (cases passing / cases using the op)', '');
  const dtypes = [...new Set(Object.values(r.coverage).flatMap((m) => Object.keys(m)))].sort();
  L.push(`| op | ${dtypes.join(' | ')} |`, `| --- | ${dtypes.map(() => '---').join(' | ')} |`);
  for (const op of Object.keys(r.coverage).sort()) {
    L.push(`| ${op} | ${dtypes.map((t) => { const c = r.coverage[op][t]; return c ? `${c.pass}/${c.pass + c.fail + c.error + c.skip}` : ''; }).join(' | ')} |`);
  }
  L.push('', '## Worst error per op (node suite; 100% = the budget)', '', '| op | worst | max abs | case |', '| --- | --- | --- | --- |');
  for (const [op, w] of Object.entries(r.worstPerOp).sort((a, b) => b[1].worst - a[1].worst)) {
    L.push(`| ${op} | ${(100 * w.worst).toFixed(1)}% | ${w.maxAbs.toPrecision(3)} | \`${w.case}\` |`);
  }
  if (r.knownFailures.length) {
    L.push('', '## Known failures (baseline), with reasons', '');
    for (const k of r.knownFailures) L.push(`- \`${k.id}\` (${k.status ?? 'not run'}): ${k.reason}`);
  }
  L.push('', '## Tolerance policy', '', 'An element passes when |got - expected| <= abs + rel |expected| or it is within `ulp` units in the last place; ops marked K add K x unit roundoff of the declared accumulation type to abs and rel; a graph sums its nodes\' budgets.', '');
  L.push('| dtype | abs | rel | ulp |', '| --- | --- | --- | --- |');
  for (const [t, b] of Object.entries(r.tolerance.base)) L.push(`| ${t} | ${b.abs} | ${b.rel} | ${b.ulp} |`);
  L.push('', '| op | extra | grows with K | why |', '| --- | --- | --- | --- |');
  for (const [op, p] of Object.entries(r.tolerance.ops)) L.push(`| ${op} | ${p.extra ? JSON.stringify(p.extra) : ''} | ${p.k ?? ''} | ${p.why} |`);
  return `${L.join('\n')}\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A self-contained HTML page (no external assets). */
export function toHtml(r: Report): string {
  const md = toMarkdown(r);
  // a small Markdown subset renderer: headings, tables, lists, paragraphs
  const out: string[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const inline = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>');
    if (l.startsWith('# ')) out.push(`<h1>${inline(l.slice(2))}</h1>`);
    else if (l.startsWith('## ')) out.push(`<h2>${inline(l.slice(3))}</h2>`);
    else if (l.startsWith('|')) {
      const rows: string[] = [];
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++]);
      i--;
      const cells = (row: string) => row.slice(1, -1).split('|').map((c) => c.trim());
      out.push('<table>', `<tr>${cells(rows[0]).map((c) => `<th>${inline(c)}</th>`).join('')}</tr>`);
      for (const row of rows.slice(2)) {
        out.push(`<tr>${cells(row).map((c) => {
          const m = /^(\d+)\/(\d+)$/.exec(c);
          const cls = m ? (m[1] === m[2] ? 'ok' : m[1] === '0' ? 'bad' : 'part') : '';
          return `<td class="${cls}">${inline(c)}</td>`;
        }).join('')}</tr>`);
      }
      out.push('</table>');
    } else if (l.startsWith('- ')) {
      out.push('<ul>');
      while (i < lines.length && lines[i].startsWith('- ')) out.push(`<li>${inline(lines[i++].slice(2))}</li>`);
      i--;
      out.push('</ul>');
    } else if (l.trim()) out.push(`<p>${inline(l)}</p>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>anychip conformance: ${esc(r.adapter.name)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
td.ok{background:#dfd}td.bad{background:#fdd}td.part{background:#ffd}code{font-size:12px}</style></head><body>
${out.join('\n')}
<script type="application/json" id="report">${esc(JSON.stringify({ summary: r.summary, regressions: r.regressions }))}</script>
</body></html>
`;
}
