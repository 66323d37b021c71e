import { BadInputError, type DataType, Tensor, viewBytes } from '@anychip/core';

const NPY_TYPES: Record<string, DataType> = {
  '<f4': 'float32', '<f8': 'float64', '<f2': 'float16', '<i1': 'int8', '|i1': 'int8', '<i2': 'int16', '<i4': 'int32', '<i8': 'int64',
  '|u1': 'uint8', '<u1': 'uint8', '<u2': 'uint16', '<u4': 'uint32', '<u8': 'uint64', '|b1': 'bool',
};

/** Reads a NumPy .npy file (format 1.x-3.x, little-endian, C order). */
export function readNpy(bytes: Uint8Array, what: string): Tensor {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new BadInputError(`${what} is not a .npy file (bad magic)`);
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shape === undefined) throw new BadInputError(`${what}: cannot parse the .npy header ${header.trim()}`);
  if (fortran === 'True') throw new BadInputError(`${what} is in Fortran order; save it with np.ascontiguousarray first`);
  const type = NPY_TYPES[descr];
  if (!type) throw new BadInputError(`${what} has numpy dtype '${descr}', which anychip does not read (use little-endian float/int/uint/bool)`);
  const dims = shape.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return new Tensor(type, viewBytes(type as Exclude<DataType, 'string'>, bytes.subarray(start + hlen)), dims);
}

export function writeNpy(t: Tensor): Uint8Array {
  const descr = Object.entries(NPY_TYPES).find(([, v]) => v === t.type)?.[0];
  if (!descr || t.type === 'string') throw new BadInputError(`cannot write ${t.type} as .npy`);
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${t.dims.join(', ')}${t.dims.length === 1 ? ',' : ''}), }`;
  while ((10 + header.length + 1) % 64) header += ' ';
  header += '\n';
  const d = t.data as Uint8Array;
  const out = new Uint8Array(10 + header.length + d.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), 10 + header.length);
  return out;
}
