/**
 * anychip as a newcomer gets it: `pnpm pack` core, onnx and the cpu adapter, `npm install` the
 * tarballs into fresh folders outside the workspace, and run the README's usage from plain Node
 * (an ESM script, a CommonJS script, and a project without @anychip/onnx).
 *
 * Needs `dist/` (`pnpm test` builds first) and the npm registry or npm's cache for zod. If npm
 * cannot reach the registry the tests are skipped with a loud warning, never passed.
 * ANYCHIP_E2E_KEEP=1 keeps the temp folders for a look afterwards.
 */
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
// @anychip/core (the workspace's, for the oracle side) and the helpers that import it are loaded in
// beforeAll, after the dist/ check, so a missing build fails with a message saying so.
let core: typeof import('@anychip/core');
let helpers: typeof import('./helpers.js');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = [
  { dir: 'packages/core', name: '@anychip/core' },
  { dir: 'packages/onnx', name: '@anychip/onnx' },
  { dir: 'adapters/cpu', name: '@anychip/adapter-cpu' },
] as const;
type PkgName = (typeof PACKAGES)[number]['name'];
// the PaddleOCR classifier, from the one model list (MODELS in @anychip/conformance), set in beforeAll
let MODEL = '';
let DIMS: number[] = [];
const SEED = 42;
const NPM_TIMEOUT_MS = 90_000;
/** All npm/pnpm calls together stay inside vitest's 120 s hook timeout. */
const SETUP_BUDGET_MS = 110_000;
let deadline = 0;
const NODE_TIMEOUT_MS = 60_000;
const DEP_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'] as const;

interface Packed { file: string; files: string[]; manifest: Record<string, any> }
interface RunResult { code: number | null; stdout: string; stderr: string; timedOut: boolean }

let tmp = '';
let appDir = '';       // core + onnx + cpu
let noOnnxDir = '';    // core + cpu only
const packed = new Map<PkgName, Packed>();
/** Set when npm/pnpm could not reach the registry: every test skips with this message. */
let unreachable: string | undefined;

/**
 * The child processes get our environment minus what `pnpm test` exports for the workspace
 * (npm_package_*, npm_lifecycle_*, npm_config_local_prefix/prefix, ...), so npm in the temp
 * project behaves as in a newcomer's shell. Registry, cache, proxy and certificate settings stay.
 */
function childEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(.*registry.*|cache|cafile|ca|proxy|https?_proxy|noproxy|strict_ssl|userconfig|globalconfig)$/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(k) && !keep.test(k)) continue;
    if (k === 'INIT_CWD' || k === 'PNPM_PACKAGE_NAME') continue;
    env[k] = v;
  }
  // an unreachable registry should fail in seconds, not after npm's default minute of retries
  env.npm_config_fetch_retries ??= '1';
  env.npm_config_fetch_retry_maxtimeout ??= '10000';
  return env;
}

function run(cmd: string, args: string[], cwd: string, timeout: number): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, {
      cwd, timeout, killSignal: 'SIGKILL', env: childEnv(), maxBuffer: 64 << 20,
      shell: process.platform === 'win32' && cmd !== process.execPath, // npm/npx are .cmd shims there
    }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      resolve({
        code: e ? (typeof e.code === 'number' ? e.code : -1) : 0,
        stdout: String(stdout), stderr: String(stderr) || (e && typeof e.code === 'string' ? e.message : ''),
        timedOut: !!e?.killed,
      });
    });
  });
}

const tail = (s: string, n = 2500) => (s.length > n ? `...${s.slice(-n)}` : s);
const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|ERR_SOCKET_TIMEOUT|ENETWORK|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)\b|request to https?:\/\/\S+ failed|network (request|error)|socket hang up/i;

/** Runs npm/npx; a network failure marks the suite unreachable (returns false), any other failure throws. */
async function npmLike(what: string, cmd: string, args: string[], cwd: string): Promise<boolean> {
  const timeout = Math.max(5_000, Math.min(NPM_TIMEOUT_MS, deadline - Date.now()));
  const r = await run(cmd, args, cwd, timeout);
  if (r.code === 0) return true;
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.timedOut || NETWORK.test(out)) {
    unreachable ??= `${what} ${r.timedOut ? `timed out after ${Math.round(timeout / 1000)} s` : 'failed with a network error'}: the npm registry looks unreachable (and npm's cache lacks what it needs)`;
    return false;
  }
  throw new Error(`${what} failed (exit ${r.code}) in ${cwd}:\n${tail(out)}`);
}

function skipIfUnreachable(ctx: TestContext): void {
  if (!unreachable) return;
  console.warn(`\n!!! SKIPPED '${ctx.task.name}': NPM REGISTRY UNREACHABLE: ${unreachable}\n`);
  ctx.skip(`npm registry unreachable: ${unreachable}`);
}

/** The entries of a .tgz (ustar, as pnpm pack writes it): name (without `package/`) -> bytes. */
function readTgz(file: string): Map<string, Buffer> {
  const buf = gunzipSync(fs.readFileSync(file));
  const out = new Map<string, Buffer>();
  const str = (a: number, b: number) => buf.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
  let longName: string | undefined;
  for (let off = 0; off + 512 <= buf.length;) {
    if (buf.subarray(off, off + 512).every((b) => b === 0)) break;
    const size = parseInt(str(off + 124, off + 136).trim() || '0', 8);
    const type = str(off + 156, off + 157);
    const prefix = str(off + 345, off + 500);
    let name = prefix ? `${prefix}/${str(off, off + 100)}` : str(off, off + 100);
    const body = buf.subarray(off + 512, off + 512 + size);
    if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    else if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else {
      if (longName) name = longName;
      longName = undefined;
      if (type === '0' || type === '' || type === '\0') out.set(name.replace(/^package\//, ''), Buffer.from(body));
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Every file a package.json points at through main, types and exports. */
function entryFiles(m: Record<string, any>): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.add(path.posix.normalize(v));
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(m.main); walk(m.types); walk(m.module); walk(m.exports);
  return [...out];
}

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, fs.statSync(path.join(e.parentPath ?? (e as any).path, e.name)).mtimeMs);
  }
  return t;
}

/** What is wrong with the packed tarballs, as a newcomer's npm would see them; [] when nothing. */
function packProblems(): string[] {
  const bad: string[] = [];
  for (const [name, { manifest, files }] of packed) {
    if (manifest.name !== name) bad.push(`${name}: packed package.json is named ${manifest.name}`);
    for (const field of DEP_FIELDS) {
      for (const [dep, spec] of Object.entries<string>(manifest[field] ?? {})) {
        const sibling = packed.get(dep as PkgName);
        if (/^(workspace|catalog):/.test(spec)) bad.push(`${name}: ${field}.${dep} is still '${spec}' (npm cannot install that)`);
        // workspace:* / workspace:^ / workspace:~ become v / ^v / ~v of the sibling packed alongside
        else if (sibling && field !== 'devDependencies' && !['', '^', '~'].some((r) => spec === `${r}${sibling.manifest.version}`)) {
          bad.push(`${name}: ${field}.${dep} is '${spec}', but the packed ${dep} is ${sibling.manifest.version}`);
        }
      }
    }
    for (const f of entryFiles(manifest)) {
      if (!files.includes(f.replace(/^\.\//, ''))) bad.push(`${name}: package.json points at ${f}, which the tarball lacks`);
    }
    for (const f of files) {
      if (f !== 'package.json' && !f.startsWith('dist/') && !/^(README|LICEN[CS]E|CHANGELOG)/i.test(f)) bad.push(`${name}: unexpected file in the tarball: ${f}`);
    }
    for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) {
      if (manifest.scripts?.[s]) bad.push(`${name}: has a '${s}' script, which would run on a newcomer's npm install`);
    }
  }
  return bad;
}

function writeApp(dir: string, name: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }, null, 2));
}

function tgz(name: PkgName): string {
  return packed.get(name)!.file;
}

/** Runs a script in a temp project with this Node; its last stdout line is JSON. */
async function nodeJson(dir: string, script: string, ...args: string[]): Promise<any> {
  const r = await run(process.execPath, [script, ...args], dir, NODE_TIMEOUT_MS);
  const lines = r.stdout.trim().split('\n');
  if (r.code !== 0) throw new Error(`node ${script} exited ${r.code}${r.timedOut ? ' (timed out)' : ''} in ${dir}:\n${tail(r.stdout)}\n${tail(r.stderr)}`);
  try {
    return JSON.parse(lines[lines.length - 1]);
  } catch {
    throw new Error(`node ${script} printed no JSON:\n${tail(r.stdout)}\n${tail(r.stderr)}`);
  }
}

beforeAll(async () => {
  deadline = Date.now() + SETUP_BUDGET_MS;
  await setup();
  if (unreachable) console.warn(`\n!!! e2e-pack: NPM REGISTRY UNREACHABLE, the packed-install tests will be SKIPPED: ${unreachable}\n`);
});

async function setup(): Promise<void> {
  // 1. dist must exist: this test packs what the build left, it does not build.
  for (const p of PACKAGES) {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, p.dir, 'package.json'), 'utf8'));
    for (const f of entryFiles(manifest)) {
      if (!fs.existsSync(path.join(ROOT, p.dir, f))) {
        throw new Error(`${p.dir}/${f} is missing (${p.name}'s package.json points at it): build first with \`npx -y pnpm@10 build\` (\`pnpm test\` builds before running vitest)`);
      }
    }
    const built = fs.statSync(path.join(ROOT, p.dir, 'dist', 'index.js')).mtimeMs;
    if (newest(path.join(ROOT, p.dir, 'src')) > built) console.warn(`e2e-pack: ${p.dir}/src is newer than its dist/: packing a stale build (run \`npx -y pnpm@10 build\`)`);
  }
  core = await import('@anychip/core');
  helpers = await import('./helpers.js');
  const { modelPath, selectModels } = await import('@anychip/conformance');
  const cls = selectModels(['ppocr-cls'])[0];
  MODEL = modelPath(cls);
  DIMS = [...cls.dims];
  if (!fs.existsSync(MODEL)) throw new Error(`the PaddleOCR classifier is missing at ${MODEL}: run \`npx -y pnpm@10 install\``);

  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'anychip-e2e-')));
  if (!path.relative(fs.realpathSync(ROOT), tmp).startsWith('..')) throw new Error(`os.tmpdir() (${tmp}) is inside the workspace: the install would not be a newcomer's`);
  const tarballs = path.join(tmp, 'tarballs');
  fs.mkdirSync(tarballs);
  appDir = path.join(tmp, 'app');
  noOnnxDir = path.join(tmp, 'app-no-onnx');
  writeApp(appDir, 'anychip-e2e-app');
  writeApp(noOnnxDir, 'anychip-e2e-app-no-onnx');

  // 2. pnpm pack each package (one at a time: concurrent `npx -y pnpm@10` can race on npx's cache).
  for (const p of PACKAGES) {
    const before = new Set(fs.readdirSync(tarballs));
    if (!(await npmLike(`pnpm pack (${p.dir})`, 'npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', tarballs], path.join(ROOT, p.dir)))) return;
    const made = fs.readdirSync(tarballs).filter((f) => !before.has(f) && f.endsWith('.tgz'));
    if (made.length !== 1) throw new Error(`pnpm pack in ${p.dir} made ${made.length} tarballs (${made.join(', ')}), expected 1`);
    const file = path.join(tarballs, made[0]);
    const entries = readTgz(file);
    const pj = entries.get('package.json');
    if (!pj) throw new Error(`${made[0]} has no package.json`);
    packed.set(p.name, { file, files: [...entries.keys()].sort(), manifest: JSON.parse(pj.toString('utf8')) });
  }

  // A tarball npm cannot install (say it still has workspace:*) fails here, saying why, not in npm.
  const problems = packProblems();
  if (problems.length) throw new Error(`the packed tarballs are not what npm can install:\n  ${problems.join('\n  ')}`);

  // 3. npm install the tarballs into two fresh projects, third-party deps from the registry or cache.
  const npmInstall = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'];
  await Promise.all([
    npmLike('npm install (core, onnx, cpu)', 'npm', [...npmInstall, tgz('@anychip/core'), tgz('@anychip/onnx'), tgz('@anychip/adapter-cpu')], appDir),
    npmLike('npm install (core, cpu)', 'npm', [...npmInstall, tgz('@anychip/core'), tgz('@anychip/adapter-cpu')], noOnnxDir),
  ]);
}

afterAll(() => {
  if (!tmp) return;
  if (process.env.ANYCHIP_E2E_KEEP) console.warn(`e2e-pack: kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
});

describe('packed packages, installed with npm outside the workspace', () => {
  it('tarballs carry real versions (no workspace:/catalog:), their entry files, and no install scripts', (ctx) => {
    if (packed.size < PACKAGES.length) skipIfUnreachable(ctx);
    expect([...packed.keys()].sort()).toEqual(PACKAGES.map((p) => p.name).sort());
    expect(packProblems(), 'the packed tarballs').toEqual([]);
    expect(packed.get('@anychip/core')!.manifest.dependencies?.zod, 'core depends on zod from the registry').toMatch(/^\^?\d/);
  });

  it('an ESM script as the README shows runs the PaddleOCR classifier on cpu and agrees with onnxruntime-node', async (ctx) => {
    skipIfUnreachable(ctx);
    fs.writeFileSync(path.join(appDir, 'classify.mjs'), `
import { Session, Tensor, seededUniform } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';

const s = await Session.create(process.argv[2], { adapters: [cpu()] });
const data = seededUniform(${DIMS.join(' * ')}, ${SEED});
const out = await s.run({ [s.inputNames[0]]: new Tensor('float32', data, [${DIMS.join(', ')}]) });
const result = {
  resolvedCore: import.meta.resolve('@anychip/core'),
  resolvedOnnx: import.meta.resolve('@anychip/onnx'),
  inputNames: s.inputNames,
  outputNames: s.outputNames,
  inputSum: data.reduce((a, b) => a + b, 0),
  outputs: Object.fromEntries(Object.entries(out).map(([k, t]) => [k, { type: t.type, dims: t.dims, data: Array.from(t.data) }])),
  placement: s.placement().map((p) => ({ node: p.node, opType: p.opType, adapter: p.adapter })),
};
await s.dispose();
console.log(JSON.stringify(result));
`);
    const r = await nodeJson(appDir, 'classify.mjs', MODEL);
    // the code that ran is the installed copy, not the workspace's
    for (const u of [r.resolvedCore, r.resolvedOnnx]) expect(fileURLToPath(u).startsWith(path.join(appDir, 'node_modules') + path.sep), u).toBe(true);

    const { Tensor, seededUniform } = core;
    const data = seededUniform(DIMS.reduce((a, b) => a * b, 1), SEED);
    expect(r.inputSum).toBeCloseTo(data.reduce((a, b) => a + b, 0), 6);
    const expected = await helpers.runOrt(MODEL, { [r.inputNames[0]]: new Tensor('float32', data, DIMS) });
    expect(Object.keys(r.outputs).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, o] of Object.entries<{ type: string; dims: number[]; data: number[] }>(r.outputs)) {
      expect(o.type).toBe('float32');
      const got = new Tensor('float32', Float32Array.from(o.data), o.dims);
      expect(helpers.mismatch(got, expected[name]), `output ${name} vs onnxruntime-node`).toBeUndefined();
    }
    expect(r.placement.length).toBeGreaterThan(0);
    expect(r.placement.filter((p: { adapter: string }) => p.adapter !== 'cpu'), 'nodes not placed on cpu').toEqual([]);
  });

  it('a CommonJS script can require() @anychip/core, and require/import share one module (same error classes)', async (ctx) => {
    skipIfUnreachable(ctx);
    fs.writeFileSync(path.join(appDir, 'consumer.cjs'), `
const core = require('@anychip/core');
const t = new core.Tensor('float32', new Float32Array([1, 2, 3, 4, 5, 6]), [2, 3]);
const e = new core.ModelError('boom');
import('@anychip/core').then((esm) => {
  console.log(JSON.stringify({
    resolved: require.resolve('@anychip/core'),
    dims: t.dims, size: t.size, data: Array.from(t.data),
    sameModelError: esm.ModelError === core.ModelError,
    sameTensor: esm.Tensor === core.Tensor,
    instanceofAcross: e instanceof esm.ModelError && e instanceof esm.AnychipError,
    code: e.code,
  }));
});
`);
    const r = await nodeJson(appDir, 'consumer.cjs');
    expect(r.resolved.startsWith(path.join(appDir, 'node_modules') + path.sep), r.resolved).toBe(true);
    expect(r).toMatchObject({ dims: [2, 3], size: 6, data: [1, 2, 3, 4, 5, 6], sameModelError: true, sameTensor: true, instanceofAcross: true, code: 'E_MODEL' });
  });

  it('without @anychip/onnx installed, loading a .onnx file fails with E_MODEL saying to install @anychip/onnx', async (ctx) => {
    skipIfUnreachable(ctx);
    expect(fs.existsSync(path.join(noOnnxDir, 'node_modules', '@anychip', 'core')), 'core installed').toBe(true);
    expect(fs.existsSync(path.join(noOnnxDir, 'node_modules', '@anychip', 'onnx')), 'onnx must not be installed here').toBe(false);
    fs.writeFileSync(path.join(noOnnxDir, 'load.mjs'), `
import { Session, ModelError } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
try {
  await Session.create(process.argv[2], { adapters: [cpu()] });
  console.log(JSON.stringify({ loaded: true }));
} catch (e) {
  console.log(JSON.stringify({ loaded: false, name: e.name, code: e.code, isModelError: e instanceof ModelError, message: e.message }));
}
`);
    const r = await nodeJson(noOnnxDir, 'load.mjs', MODEL);
    expect(r.loaded, 'the model loaded although @anychip/onnx is not installed').toBe(false);
    expect(r).toMatchObject({ name: 'ModelError', code: 'E_MODEL', isModelError: true });
    expect(r.message).toContain('@anychip/onnx');
    expect(r.message, 'the message should say how to fix it').toMatch(/install/i);
  });
});
