import { basename, resolve } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import manifest from '../../../models/manifest.json';

const byFile = new Map(Object.entries(manifest.models).map(([key, entry]) => [entry.file.toLowerCase(), key]));

/**
 * The price catalog's id for a local GGUF: its models/manifest.json key when the file is one the manifest
 * pulls (file names carry quantisation and casing that vary by publisher), else the file's own
 * `general.name` metadata as a slug, else the file name. Seeded catalog ids follow the same rule
 * (prisma/seed-prices.ts), so a real model is priced from the catalog instead of the tenant fallback.
 */
export function catalogModelId(path: string, generalName?: string | null): string {
  const file = basename(path).toLowerCase();
  const key = byFile.get(file);
  if (key) return key;
  const slug = (generalName ?? '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9._-]/g, '');
  return slug || file.replace(/\.gguf$/, '');
}

const ids = new Map<string, Promise<string>>();

/** catalogModelId of a model file, reading its metadata once per process. */
export function localCatalogId(path: string): Promise<string> {
  const full = resolve(path);
  let id = ids.get(full);
  if (!id) {
    id = (async () => {
      if (byFile.has(basename(full).toLowerCase())) return catalogModelId(full);
      const info = await readGgufFileInfo(full, { readTensorInfo: false });
      return catalogModelId(full, info.metadata.general.name);
    })();
    ids.set(full, id);
  }
  return id;
}
