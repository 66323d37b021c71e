import { type Node, UnsupportedError, attrInt, attrInts, attrString, windowGeometry } from '@anychip/core';

/** Window geometry of a 2-D pool (1-D pools run as H = 1). */
export function poolGeometry(node: Node, dims: readonly number[]) {
  if (dims.length !== 4 && dims.length !== 3) throw new UnsupportedError(`${node.opType} on cpu supports 1-D and 2-D pooling, got input rank ${dims.length}`);
  const oneD = dims.length === 3;
  const H = dims[2], W = oneD ? 1 : dims[3];
  const k = attrInts(node, 'kernel_shape') ?? [];
  const lift = (a: number[] | undefined, fill: number) => (a && oneD ? [...a, fill] : a);
  const pads = attrInts(node, 'pads');
  const g = windowGeometry([H, W], oneD ? [k[0], 1] : k, {
    strides: lift(attrInts(node, 'strides'), 1), dilations: lift(attrInts(node, 'dilations'), 1),
    pads: pads && oneD ? [pads[0], 0, pads[1], 0] : pads, autoPad: attrString(node, 'auto_pad'), ceil: attrInt(node, 'ceil_mode', 0) === 1,
  });
  return { oneD, N: dims[0], C: dims[1], H, W, geo: g };
}
