import { type Adapter, BadInputError, ContractError, DisposedError, ExecutionError, Session, Tensor, floatToHalf, halfToFloat } from '@anychip/core';
import { cpu } from '@anychip/adapter-cpu';
import { ort } from '@anychip/adapter-ort';
import { describe, expect, it } from 'vitest';
import { mismatch, modelFile, seeded } from '../../../test/helpers.js';

const CLS = modelFile('ppocr-cls');
const x = () => new Tensor('float32', seeded(3 * 48 * 192, 5), [1, 3, 48, 192]);

/** A cpu adapter that declines some ops, as a partial accelerator would. */
function partial(name: string, refuse: string[]): Adapter<any, any> {
  const base = cpu({ name });
  return { ...base, supports: (q) => (refuse.includes(q.node.opType) ? { ok: false, reason: `${q.node.opType} is not on this chip` } : base.supports(q)) };
}

describe('Session', () => {
  it('exposes names and metadata like onnxruntime', async () => {
    const s = await Session.create(CLS, { adapters: [cpu()] });
    expect(s.inputNames).toEqual(['x']);
    expect(s.outputNames).toEqual(['softmax_0.tmp_0']);
    expect(s.inputMetadata[0]).toMatchObject({ name: 'x', isTensor: true, type: 'float32' });
    expect(s.inputMetadata[0].shape?.[1]).toBe(3);
  });

  it('splits a graph across adapters, says why, and agrees with one adapter', async () => {
    const whole = await Session.create(CLS, { adapters: [cpu()] });
    const split = await Session.create(CLS, { adapters: [partial('chip', ['Conv', 'MaxPool']), ort()] });
    const placed = split.placement();
    const conv = placed.find((p) => p.opType === 'Conv')!;
    expect(conv.adapter).toBe('ort');
    expect(conv.refused).toEqual([{ adapter: 'chip', reason: 'Conv is not on this chip' }]);
    expect(placed.find((p) => p.opType === 'Relu')!.adapter).toBe('chip');
    expect(split.adapters().find((a) => a.name === 'ort')!.subgraphs).toBeGreaterThan(1);
    const a = await whole.run({ x: x() });
    const b = await split.run({ x: x() });
    expect(mismatch(b['softmax_0.tmp_0'], a['softmax_0.tmp_0'], 1e-5, 1e-4)).toBeUndefined();
    await split.dispose();
  });

  it('rejects bad feeds with BadInputError and stays usable', async () => {
    const s = await Session.create(CLS, { adapters: [cpu()] });
    await expect(s.run({})).rejects.toThrow(/missing input 'x'/);
    await expect(s.run({ x: new Tensor('float64', new Float64Array(3 * 48 * 192), [1, 3, 48, 192]) })).rejects.toThrow(/must be float32, got float64/);
    await expect(s.run({ x: new Tensor('float32', new Float32Array(4 * 48 * 192), [1, 4, 48, 192]) })).rejects.toThrow(/dim 1 must be 3/);
    await expect(s.run({ x: new Tensor('float32', new Float32Array(10), [10]) })).rejects.toThrow(BadInputError);
    await expect(s.run({ x: x(), y: x() })).rejects.toThrow(/'y' is not an input/);
    expect((await s.run({ x: x() }))['softmax_0.tmp_0'].dims).toEqual([1, 2]);
  });

  // with the synchronous cpu adapter the runs cannot interleave; contract.test.ts proves interleaving on an async device
  it('overlapping run() calls on one session return what sequential calls return', async () => {
    const s = await Session.create(CLS, { adapters: [cpu()] });
    const inputs = [1, 2, 3, 4].map((k) => new Tensor('float32', seeded(3 * 48 * 192, k), [1, 3, 48, 192]));
    const seq = [];
    for (const t of inputs) seq.push(await s.run({ x: t }));
    const par = await Promise.all(inputs.map((t) => s.run({ x: t })));
    par.forEach((r, i) => expect(mismatch(r['softmax_0.tmp_0'], seq[i]['softmax_0.tmp_0'], 0, 0)).toBeUndefined());
  });

  it('refuses adapters that break the contract, with a fix in the message', async () => {
    const base = cpu();
    await expect(Session.create(CLS, { adapters: [{ ...base, contractVersion: 99 }] })).rejects.toThrow(/contract version 99.*upgrade/);
    await expect(Session.create(CLS, { adapters: [{ ...base, execute: undefined } as unknown as Adapter] })).rejects.toThrow(ContractError);
    await expect(Session.create(CLS, { adapters: [{ ...base, describe: () => ({ ...base.describe(), name: 'Bad Name' }) }] })).rejects.toThrow(/description is invalid at 'name'/);
    await expect(Session.create(CLS, { adapters: [] })).rejects.toThrow(/at least one adapter/);
  });

  it('turns an adapter crash into ExecutionError; later runs still work', async () => {
    const base = cpu();
    let fail = true;
    const flaky: Adapter<any, any> = { ...base, execute: async (c, ins) => { if (fail) throw new Error('kernel exploded'); return base.execute(c, ins); } };
    const s = await Session.create(CLS, { adapters: [flaky] });
    await expect(s.run({ x: x() })).rejects.toThrow(ExecutionError);
    fail = false;
    expect((await s.run({ x: x() }))['softmax_0.tmp_0'].size).toBe(2);
    await s.dispose();
    await expect(s.run({ x: x() })).rejects.toThrow(DisposedError);
  });
});

describe('Tensor', () => {
  it('validates dims against data', () => {
    expect(() => new Tensor('float32', new Float32Array(5), [2, 3])).toThrow(/5 elements but dims \[2, 3\] need 6/);
    expect(new Tensor(new Int32Array([1, 2])).type).toBe('int32');
    expect(new Tensor('int64', [1, 2], [2]).data).toBeInstanceOf(BigInt64Array);
  });
  it('converts half precision exactly (IEEE binary16 reference values)', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(1e6)).toBe(0x7c00);
    expect(floatToHalf(5.960464477539063e-8)).toBe(0x0001);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.33325195, 8);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
    // round to nearest even at the halfway point between 1 and 1 + 2^-10
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00);
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });
});
