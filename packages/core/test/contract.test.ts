import { type Adapter, BadInputError, CONTRACT_VERSION, CompileError, ContractError, Session, type Subgraph, Tensor, hashSubgraph } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { describe, expect, it } from 'vitest';
import { asyncChip, chip, f32, model, node, stepsOf } from './fixtures.js';

const chain = () => model([node('Relu', ['x'], ['a']), node('Neg', ['a'], ['b']), node('Abs', ['b'], ['y'])], ['x'], ['y']);
const x = (k = 0) => f32([-3 + k, -2, -1, 1, 2, 3 + k], [2, 3]);

describe('contract versions: { major, minor }', () => {
  const base = cpu();
  const at = (v: unknown) => Session.create(chain(), { adapters: [{ ...base, contractVersion: v } as Adapter] });
  it(`core speaks ${CONTRACT_VERSION.major}.${CONTRACT_VERSION.minor} and takes its major with any minor up to its own`, async () => {
    expect(CONTRACT_VERSION).toEqual({ major: 1, minor: 1 });
    for (const v of [{ major: 1, minor: 0 }, { major: 1, minor: 1 }, 1]) await expect(at(v)).resolves.toBeInstanceOf(Session);
  });
  it('refuses a newer minor, another major, or a malformed version, naming both versions and the fix', async () => {
    await expect(at({ major: 1, minor: 2 })).rejects.toThrow(/implements contract version 1\.2, newer than this @anychip\/core \(1\.1\); upgrade @anychip\/core/);
    await expect(at({ major: 2, minor: 0 })).rejects.toThrow(/2\.0, but this @anychip\/core speaks 1\.1 \(major versions differ\); upgrade @anychip\/core/);
    await expect(at({ major: 0, minor: 9 })).rejects.toThrow(/0\.9.*upgrade the adapter package/);
    await expect(at('1.1')).rejects.toThrow(ContractError);
  });
  it('an adapter written for 1.0 runs unchanged; its copyFrom() is still offered, without canCopyFrom()', async () => {
    let copies = 0;
    const acc = chip('acc', ['Neg']);
    const v10: Adapter = { ...chip('v10'), contractVersion: { major: 1, minor: 0 }, copyFrom: async (h: Tensor) => { copies++; return h; } };
    expect('canCopyFrom' in v10 || 'cacheKey' in v10 || 'synchronize' in v10).toBe(false);
    const s = await Session.create(chain(), { adapters: [acc, v10] });
    expect(s.plan().steps[1]).toMatchObject({ adapter: 'v10', inputs: [{ name: 'a', transfer: 'copy' }] });
    expect(Array.from((await s.run({ x: x() })).y.data as Float32Array)).toEqual([0, 0, 0, 1, 2, 3]);
    expect(copies).toBe(1);
  });
  it('an adapter that returns the wrong number of outputs is a ContractError, and what it returned is released', async () => {
    const base = cpu();
    const extra: Adapter<any, any> = { ...base, execute: async (c, ins) => [...(await base.execute(c, ins)), await base.upload(f32([1, 2, 3]))] };
    const before = base.memory!().usedBytes;
    const s = await Session.create(chain(), { adapters: [extra] });
    await expect(s.run({ x: x() })).rejects.toThrow(/returned 2 outputs for sg0, expected 1/);
    expect(base.memory!().usedBytes).toBe(before);
  });
});

describe('a compile failure is a refusal', () => {
  /** A chip whose graph compiler rejects Neg only when it sees the whole subgraph. */
  function picky(blame: boolean, err: (sg: Subgraph) => Error = (sg) => new CompileError('graph compiler: Neg is not supported in this layout', blame ? { nodes: sg.nodes.filter((n) => n.opType === 'Neg').map((n) => n.name) } : undefined)) {
    const base = chip('npu');
    const stats = { compiled: 0, released: 0 };
    const a: Adapter<any, any> = {
      ...base,
      compile: async (sg) => {
        if (sg.nodes.some((n) => n.opType === 'Neg')) throw err(sg);
        stats.compiled++;
        return base.compile(sg);
      },
      releaseCompiled: () => { stats.released++; },
    };
    return { a, stats };
  }

  it('the nodes the error blames move to the next adapter, with the message in placement()', async () => {
    const { a, stats } = picky(true);
    const s = await Session.create(chain(), { adapters: [a, cpu()] });
    expect(stepsOf(s.plan())).toEqual(['npu:a', 'cpu:b', 'npu:y']);
    const neg = s.placement().find((p) => p.opType === 'Neg')!;
    expect(neg.refused).toEqual([{ adapter: 'npu', reason: 'compile failed (E_COMPILE): graph compiler: Neg is not supported in this layout' }]);
    expect(Array.from((await s.run({ x: x() })).y.data as Float32Array)).toEqual([0, 0, 0, 1, 2, 3]);
    await s.dispose();
    expect(stats.released).toBe(stats.compiled);
  });

  it('without blame the whole subgraph moves on; a plain Error counts too', async () => {
    const { a } = picky(false, () => new Error('segfault in the vendor compiler'));
    const s = await Session.create(chain(), { adapters: [a, cpu()] });
    expect(stepsOf(s.plan())).toEqual(['cpu:a,b,y']);
    expect(s.placement()[0].refused[0].reason).toBe('compile failed: segfault in the vendor compiler');
  });

  it('when no adapter is left, UnsupportedError lists every reason; a ContractError from compile is not a refusal', async () => {
    const { a } = picky(true);
    await expect(Session.create(chain(), { adapters: [a] })).rejects.toThrow(/no adapter can run node 'b' \(Neg, opset 13\): npu: compile failed \(E_COMPILE\): graph compiler/);
    const broken: Adapter<any, any> = { ...cpu(), compile: async () => { throw new ContractError('compile() got a subgraph it cannot read'); } };
    await expect(Session.create(chain(), { adapters: [broken, chip('other')] })).rejects.toThrow(ContractError);
  });
});

describe('cacheKey: one compile shared by sessions', () => {
  it('two sessions of one model compile once; the artefact is released after the last dispose', async () => {
    const base = cpu();
    let compiles = 0, releases = 0;
    const a: Adapter<any, any> = { ...base, cacheKey: hashSubgraph, compile: async (sg) => { compiles++; return base.compile(sg); }, releaseCompiled: () => { releases++; } };
    const s1 = await Session.create(chain(), { adapters: [a] });
    const s2 = await Session.create(chain(), { adapters: [a] });
    expect(compiles).toBe(1);
    expect((await s2.run({ x: x() })).y.size).toBe(6);
    await s1.dispose();
    expect(releases).toBe(0);
    await s2.dispose();
    expect(releases).toBe(1);
  });
  it('a key collision does not share: a different subgraph under the same key is compiled on its own', async () => {
    const base = cpu();
    let compiles = 0;
    const a: Adapter<any, any> = { ...base, cacheKey: () => 'always-the-same', compile: async (sg) => { compiles++; return base.compile(sg); } };
    const s1 = await Session.create(chain(), { adapters: [a] });
    const other = model([node('Relu', ['x'], ['a']), node('Neg', ['a'], ['y'])], ['x'], ['y']);
    const s2 = await Session.create(other, { adapters: [a] });
    expect(compiles).toBe(2);
    expect(Array.from((await s1.run({ x: x() })).y.data as Float32Array)).toEqual([0, 0, 0, 1, 2, 3]);
    expect(Array.from((await s2.run({ x: x() })).y.data as Float32Array)).toEqual([-0, -0, -0, -1, -2, -3]);
  });
  it('hashSubgraph changes with weights, attributes and shapes, not with node names', () => {
    const sg = (w: number[], alpha = 0.1, name = 'n'): Subgraph => ({
      id: 'sg0', opsets: { '': 13 }, inputs: [{ name: 'x', dtype: 'float32', shape: [2, 3] }], outputs: [{ name: 'y' }],
      nodes: [{ ...node('LeakyRelu', ['x'], ['y'], { name }), attributes: { alpha: { type: 'float', value: alpha } } }],
      initializers: new Map([['w', f32(w)]]),
    });
    const k = hashSubgraph(sg([1, 2]));
    expect(hashSubgraph(sg([1, 2], 0.1, 'renamed'))).toBe(k);
    expect(hashSubgraph(sg([1, 3]))).not.toBe(k);
    expect(hashSubgraph(sg([1, 2], 0.2))).not.toBe(k);
    expect(hashSubgraph({ ...sg([1, 2]), inputs: [{ name: 'x', dtype: 'float32', shape: [4, 3] }] })).not.toBe(k);
  });
});

describe('asynchronous devices', () => {
  it('execute() may return handles still in flight: concurrent runs interleave and give the sequential results', async () => {
    const log: string[] = [];
    const dev = asyncChip(log);
    const m = model([node('Relu', ['x'], ['a']), node('Neg', ['a'], ['b']), node('Abs', ['b'], ['c']), node('Neg', ['c'], ['y'])], ['x'], ['y']);
    // Abs stays on cpu, so every run crosses the seam twice and waits on in-flight handles
    const s = await Session.create(m, { adapters: [{ ...dev, supports: (q) => (q.node.opType === 'Abs' ? { ok: false, reason: 'no Abs' } : dev.supports(q)) }, cpu()] });
    const inputs = [0, 1, 2, 3].map((k) => x(k));
    const seq: Tensor[] = [];
    for (const t of inputs) seq.push((await s.run({ x: t })).y);
    const synced = dev.synchronized;
    expect(synced).toBe(4);
    log.length = 0;
    const par = await Promise.all(inputs.map((t) => s.run({ x: t })));
    par.forEach((r, k) => expect(Array.from(r.y.data as Float32Array)).toEqual(Array.from(seq[k].data as Float32Array)));
    // later runs enqueued work before the first run's work was done: they interleaved
    const firstDone = log.findIndex((e) => e.startsWith('done'));
    expect(log.slice(0, firstDone).filter((e) => e.startsWith('enqueue')).length).toBeGreaterThanOrEqual(2);
    expect(dev.synchronized).toBe(synced + 4);
  });
});

describe('static shapes for graph compilers', () => {
  const dyn = () => model([node('Shape', ['x'], ['s']), node('Reshape', ['x', 's'], ['r']), node('Relu', ['r'], ['y'])], [{ name: 'x', dtype: 'float32', shape: ['batch', 3] }], ['y']);
  it('inputShapes and freeDimensionOverrides reach compile() and the feed checks; shape arithmetic folds away', async () => {
    const seen: Subgraph[] = [];
    const base = cpu();
    const spy: Adapter<any, any> = { ...base, compile: async (sg) => { seen.push(sg); return base.compile(sg); } };
    for (const opts of [{ inputShapes: { x: [2, 3] } }, { freeDimensionOverrides: { batch: 2 } }]) {
      seen.length = 0;
      const s = await Session.create(dyn(), { adapters: [spy], ...opts });
      expect(s.inputMetadata[0].shape).toEqual([2, 3]);
      expect(seen[0].inputs).toEqual([{ name: 'x', dtype: 'float32', shape: [2, 3] }]);
      expect(s.plan().folded).toEqual(['s']);
      expect(seen[0].initializers.get('s')?.data).toEqual(BigInt64Array.from([2n, 3n]));
      expect(Array.from((await s.run({ x: x() })).y.data as Float32Array)).toEqual([0, 0, 0, 1, 2, 3]);
      await expect(s.run({ x: f32([1, 2, 3], [1, 3]) })).rejects.toThrow(/dim 0 must be 2, got 1/);
    }
    const free = await Session.create(dyn(), { adapters: [cpu()] });
    expect(free.plan().folded).toEqual([]);
    expect((await free.run({ x: f32([1, -2, 3], [1, 3]) })).y.dims).toEqual([1, 3]);
  });
  it('names or ranks that do not fit are BadInputErrors that say what fits', async () => {
    await expect(Session.create(dyn(), { adapters: [cpu()], inputShapes: { z: [1, 3] } })).rejects.toThrow(/'z', which is not an input of this model; inputs are: x/);
    await expect(Session.create(dyn(), { adapters: [cpu()], inputShapes: { x: [1, 3, 1] } })).rejects.toThrow(/rank 3, but the model declares rank 2/);
    await expect(Session.create(dyn(), { adapters: [cpu()], inputShapes: { x: [1, 4] } })).rejects.toThrow(/dim 1 is 4, but the model fixes it at 3/);
    await expect(Session.create(dyn(), { adapters: [cpu()], freeDimensionOverrides: { seq: 4 } })).rejects.toThrow(BadInputError);
    await expect(Session.create(dyn(), { adapters: [cpu()], freeDimensionOverrides: { seq: 4 } })).rejects.toThrow(/symbolic dims of the inputs: batch/);
  });
});

it('run() rejects a fetch list that is not an array of names', async () => {
  const s = await Session.create(chain(), { adapters: [cpu()] });
  await expect(s.run({ x: x() }, 'y' as unknown as string[])).rejects.toThrow(/fetches must be an array of output names/);
  expect(Object.keys(await s.run({ x: x() }, ['y']))).toEqual(['y']);
  void Tensor;
});
