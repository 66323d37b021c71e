import { type Adapter, Session, Tensor, formatPlan, inferTypes, partition, prepareModel, validateAdapter } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { describe, expect, it } from 'vitest';
import { chip, f32, model, node, stepsOf } from './fixtures.js';

const x = () => f32([-3, -2, -1, 1, 2, 3], [2, 3]);

describe('the plan is a value computed at create', () => {
  it('alternating placement: one step per run of nodes, a trip through the host at each seam, values freed after their last reader', async () => {
    const m = model([node('Relu', ['x'], ['a']), node('Neg', ['a'], ['b']), node('Abs', ['b'], ['c']), node('Neg', ['c'], ['y'])], ['x'], ['y']);
    const s = await Session.create(m, { adapters: [chip('acc', ['Neg']), cpu()] });
    const p = s.plan();
    expect(stepsOf(p)).toEqual(['acc:a', 'cpu:b', 'acc:c', 'cpu:y']);
    expect(p.steps.map((st) => st.inputs.map((i) => `${i.name}<-${i.from.kind === 'step' ? i.from.step : i.from.kind}/${i.transfer}`))).toEqual([
      ['x<-feed/upload'], ['a<-0/host'], ['b<-1/host'], ['c<-2/host'],
    ]);
    expect(p.steps.map((st) => st.release)).toEqual([['x'], ['a'], ['b'], ['c']]);
    expect(p.transfers).toEqual({ upload: 1, copy: 0, host: 3 });
    expect(p.outputs).toEqual([{ name: 'y', from: { kind: 'step', step: 3, adapter: 'cpu' } }]);
    expect((await s.run({ x: x() })).y.data).toEqual(Float32Array.from([-0, -0, -0, -1, -2, -3]));
    expect(formatPlan(p)).toMatch(/step 1 {2}sg1 {2}on cpu: 1 node\(s\): Neg\n {2}in {3}a {2}float32\[2,3\] {2}from step 0 \(acc\), host/);
    await s.dispose();
  });

  it('an output that is an initializer (a copy of it) or a feed comes straight from the model, not from a step', async () => {
    const w = f32([1, 2, 3]);
    const m = model([node('Relu', ['x'], ['y'])], ['x'], ['y', 'w', 'x'], { w });
    const s = await Session.create(m, { adapters: [cpu()] });
    expect(s.plan().outputs.map((o) => `${o.name}<-${o.from.kind}`)).toEqual(['y<-step', 'w<-initializer', 'x<-feed']);
    const out = await s.run({ x: x() });
    // a copy: writing to an output must not change the model's weights
    expect(out.w).not.toBe(w);
    expect(Array.from(out.w.data as Float32Array)).toEqual([1, 2, 3]);
    (out.w.data as Float32Array)[0] = 9;
    expect(Array.from((await s.run({ x: x() })).w.data as Float32Array)).toEqual([1, 2, 3]);
    expect(out.x.data).toEqual(x().data);
  });

  it('a value read by two other adapters is downloaded once and uploaded to each', async () => {
    const m = model([node('Relu', ['x'], ['a']), node('Neg', ['a'], ['b']), node('Abs', ['a'], ['c'])], ['x'], ['b', 'c']);
    const s = await Session.create(m, { adapters: [chip('acc', ['Neg', 'Abs']), chip('dsp', ['Abs']), cpu()] });
    const p = s.plan();
    expect(stepsOf(p)).toEqual(['acc:a', 'dsp:b', 'cpu:c']);
    expect(p.steps[1].inputs[0]).toMatchObject({ name: 'a', transfer: 'host' });
    expect(p.steps[2].inputs[0]).toMatchObject({ name: 'a', transfer: 'upload' });
    expect(p.steps[1].release).toEqual([]);
    expect(p.steps[2].release).toEqual(['a']);
    const out = await s.run({ x: x() });
    expect(Array.from(out.b.data as Float32Array)).toEqual([-0, -0, -0, -1, -2, -3]);
    expect(Array.from(out.c.data as Float32Array)).toEqual([0, 0, 0, 1, 2, 3]);
  });

  it('a seam whose dtype nobody could infer is planned and run through the host', async () => {
    // an op from a vendor domain: core has no schema for it, so its output type is unknown
    const vendor = chip('vendor');
    const acme: Adapter<any, any> = {
      ...vendor,
      supports: (q) => (q.node.domain === 'com.acme' ? { ok: true } : { ok: false, reason: 'acme runs only its own ops' }),
      compile: async (sg) => sg,
      execute: async (_c, [t]: Tensor[]) => [new Tensor('float32', Float32Array.from(t.data as Float32Array, (v) => v * 2), t.dims)],
    };
    const m = model([{ ...node('Double', ['x'], ['d']), domain: 'com.acme' }, node('Relu', ['d'], ['y'])], ['x'], ['y']);
    m.opsetImports['com.acme'] = 1;
    const s = await Session.create(m, { adapters: [acme, cpu()] });
    const seam = s.plan().steps[1].inputs[0];
    expect(seam).toMatchObject({ name: 'd', transfer: 'host' });
    expect(seam.dtype).toBeUndefined();
    expect(s.formatPlan()).toMatch(/in {3}d {2}\?\[\?\] {2}from step 0 \(vendor\), host/);
    expect(Array.from((await s.run({ x: x() })).y.data as Float32Array)).toEqual([0, 0, 0, 2, 4, 6]);
  });

  it('declared memory spaces negotiate a direct device-to-device copy', async () => {
    let copies = 0;
    const a = chip('a', ['Neg'], { space: 'acme-hbm' });
    const b0 = chip('b', [], { space: 'acme-hbm' });
    const b: Adapter<any, any> = { ...b0, canCopyFrom: (space) => space === 'acme-hbm', copyFrom: async (h: Tensor) => { copies++; return h; } };
    const m = model([node('Relu', ['x'], ['a1']), node('Neg', ['a1'], ['y'])], ['x'], ['y']);
    const s = await Session.create(m, { adapters: [a, b] });
    expect(s.plan().steps[1].inputs[0].transfer).toBe('copy');
    expect(s.plan().transfers).toEqual({ upload: 1, copy: 1, host: 0 });
    await s.run({ x: x() });
    expect(copies).toBe(1);
    // a target that does not declare the source's space is not asked
    const c: Adapter<any, any> = { ...b, canCopyFrom: () => false };
    const s2 = await Session.create(m, { adapters: [a, c] });
    expect(s2.plan().steps[1].inputs[0].transfer).toBe('host');
    await s2.run({ x: x() });
    expect(copies).toBe(1);
  });
});

describe('partition', () => {
  const slots = (adapters: Adapter<any, any>[]) => adapters.map((adapter) => ({ adapter, name: validateAdapter(adapter).name, description: validateAdapter(adapter) }));

  it("keeps each adapter's nodes together instead of following the model's interleaved order", () => {
    // two independent chains, written interleaved; Neg only runs on cpu
    const m = prepareModel(model([
      node('Relu', ['x'], ['a1']), node('Neg', ['x'], ['b1']), node('Relu', ['a1'], ['a2']), node('Neg', ['b1'], ['b2']), node('Relu', ['a2'], ['a3']),
    ], ['x'], ['a3', 'b2']));
    const p = partition(m, slots([chip('acc', ['Neg']), cpu()]), inferTypes(m));
    expect(p.subgraphs.map((s) => `${s.subgraph.nodes.map((n) => n.name).join(',')}`)).toEqual(['a1,a2,a3', 'b1,b2']);
  });

  it('the declared dtypes drive placement: a node with an undeclared runtime type is refused before supports() is asked', async () => {
    let asked = 0;
    const f32only = chip('f32', [], { dtypes: ['float32'] });
    const spy: Adapter<any, any> = { ...f32only, supports: (q) => { if (q.node.opType === 'Shape') asked++; return f32only.supports(q); } };
    const m = model([node('Shape', ['x'], ['s']), node('Cast', ['s'], ['y'], { attributes: { to: { type: 'int', value: 1 } } })], [{ name: 'x', dtype: 'float32', shape: ['n', 3] }], ['y']);
    const s = await Session.create(m, { adapters: [spy, cpu()] });
    const shape = s.placement().find((p) => p.opType === 'Shape')!;
    expect(shape.adapter).toBe('cpu');
    expect(shape.refused[0].reason).toMatch(/output 's' is int64, which f32 does not declare \(its dtypes: float32\)/);
    expect(asked).toBe(0);
  });
});
