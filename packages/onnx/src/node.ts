import { ModelError } from '@anychip/core';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Reads external tensor data, confined to the model's folder: a location that is
 * absolute, climbs out with '..', or resolves through a link to outside is refused.
 */
export function externalReader(baseDir: string) {
  const root = fs.realpathSync(baseDir);
  return (location: string, offset: number, length: number | undefined): Uint8Array => {
    if (path.isAbsolute(location) || location.split(/[\\/]/).includes('..')) {
      throw new ModelError(`external data location '${location}' points outside the model's folder; anychip only reads external data next to the model`);
    }
    const full = path.resolve(root, location);
    let real: string;
    try {
      real = fs.realpathSync(full);
    } catch {
      throw new ModelError(`external data file '${location}' was not found next to the model (${root})`);
    }
    const rel = path.relative(root, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new ModelError(`external data location '${location}' resolves to '${real}', outside the model's folder; refusing to read it`);
    }
    const size = fs.statSync(real).size;
    const len = length ?? size - offset;
    if (offset + len > size) throw new ModelError(`external data '${location}' is ${size} bytes; the model asks for [${offset}, ${offset + len})`);
    const fd = fs.openSync(real, 'r');
    try {
      const out = new Uint8Array(len);
      fs.readSync(fd, out, 0, len, offset);
      return out;
    } finally {
      fs.closeSync(fd);
    }
  };
}
