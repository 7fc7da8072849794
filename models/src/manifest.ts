import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_PATH = join(MODELS_DIR, 'manifest.json');

const role = z.enum(['chat', 'embedding']);
export const modelEntrySchema = z.object({
  role,
  file: z.string().min(1),
  url: z.string().url(),
  approxBytes: z.number().int().positive(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  license: z.string().optional(),
  notes: z.string().optional(),
  /** Embedding models trained with task prefixes (nomic: `search_query: ` / `search_document: `). */
  taskPrefixes: z.object({ query: z.string(), document: z.string() }).optional(),
});
export type ModelEntry = z.infer<typeof modelEntrySchema>;

export const manifestSchema = z.object({
  recommended: z.record(role, z.string()),
  models: z.record(z.string(), modelEntrySchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

export function loadManifest(path = MANIFEST_PATH): Manifest {
  return manifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** `chat` / `embedding` name the recommended model of that role; anything else must be a manifest key. */
export function resolveModelName(manifest: Manifest, name: string): { key: string; entry: ModelEntry; viaRole: boolean } | null {
  const parsedRole = role.safeParse(name);
  const key = parsedRole.success ? manifest.recommended[parsedRole.data] : name;
  const entry = key ? manifest.models[key] : undefined;
  return key && entry ? { key, entry, viaRole: parsedRole.success } : null;
}

/** The manifest entry of a model file on disk, matched by file name (the pull saves it under that name). */
export function manifestEntryForFile(path: string, manifest = loadManifest()): ModelEntry | undefined {
  const file = basename(path).toLowerCase();
  return Object.values(manifest.models).find((m) => m.file.toLowerCase() === file);
}

/** The setting that points the app at a model of this role. */
export const envVarFor = (r: ModelEntry['role']) => (r === 'embedding' ? 'EMBEDDING_MODEL_PATH' : 'MODEL_PATH');
