import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createModelDownloader } from 'node-llama-cpp';
import type { ModelEntry } from './manifest';

export type { ModelEntry } from './manifest';

export interface PullProgress {
  received: number;
  total: number | null;
  /** Bytes per second, averaged by the downloader. */
  speed: number;
}

export interface PullResult {
  path: string;
  bytes: number;
  sha256: string;
  /** How the file was checked: against the manifest, the server's published hash, or its size only. */
  verifiedBy: 'manifest-sha256' | 'server-sha256' | 'size-only';
}

export class PullError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PullError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function offline(url: string, error: unknown): PullError {
  const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
  return new PullError(
    `Cannot reach ${new URL(url).host} (${cause}): this machine looks offline. Nothing was changed; a partial download, if any, ` +
      'is kept and resumes next time. The demo model works offline: `npm run models:tiny`.',
  );
}

function cleanEtag(value: string | null): string {
  return (value ?? '').replace(/^W\//, '').replace(/"/g, '').toLowerCase();
}

/** Hugging Face answers the resolve URL with a redirect whose headers carry the LFS object's sha256 and size. */
async function publishedChecksum(url: string): Promise<{ sha: string; size: number | null }> {
  const head = await fetch(url, { method: 'HEAD', redirect: 'manual' });
  if (head.status >= 400)
    throw new PullError(`${url} answered HTTP ${head.status} ${head.statusText}: check the URL in models/manifest.json.`);
  const size = Number(head.headers.get('x-linked-size') ?? NaN);
  return { sha: cleanEtag(head.headers.get('x-linked-etag')), size: Number.isFinite(size) ? size : null };
}

/**
 * Downloads a model to `dest` with node-llama-cpp's downloader (ipull: parallel connections, resume of an
 * interrupted download, progress), then verifies the size and the sha256: pinned in the manifest, else the one
 * Hugging Face publishes for the LFS object. A file that fails the check is deleted.
 */
export async function pullModel(entry: ModelEntry, dest: string, onProgress?: (p: PullProgress) => void): Promise<PullResult> {
  let published: { sha: string; size: number | null };
  try {
    published = await publishedChecksum(entry.url);
  } catch (error) {
    throw error instanceof PullError ? error : offline(entry.url, error);
  }
  try {
    const downloader = await createModelDownloader({
      modelUri: entry.url,
      dirPath: dirname(dest),
      fileName: basename(dest),
      // A file already there with the remote size is verified below instead of fetched again.
      skipExisting: true,
      deleteTempFileOnCancel: false,
      onProgress: ({ downloadedSize, totalSize, averageSpeed }) =>
        onProgress?.({ received: downloadedSize, total: totalSize || null, speed: averageSpeed }),
    });
    await downloader.download();
  } catch (error) {
    const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
    if (code && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|ETIMEDOUT|ECONNRESET/.test(code)) throw offline(entry.url, error);
    throw new PullError(`Download of ${entry.url} failed (${(error as Error).message}); run the same command again to resume.`);
  }
  if (!existsSync(dest)) throw new PullError(`The download of ${entry.url} finished without writing ${dest}; run the same command again.`);
  const bytes = statSync(dest).size;
  if (published.size !== null && bytes !== published.size) {
    await rm(dest, { force: true });
    throw new PullError(
      `Downloaded ${bytes} bytes but the file is ${published.size} bytes. The incomplete file was deleted; run the command again.`,
    );
  }
  const serverSha = SHA256.test(published.sha) ? published.sha : null;
  const expectedSha = entry.sha256 ?? serverSha;
  const sha256 = await sha256File(dest);
  if (expectedSha && sha256 !== expectedSha) {
    await rm(dest, { force: true });
    throw new PullError(
      `Checksum mismatch for ${entry.file}: expected ${expectedSha} (${entry.sha256 ? 'pinned in models/manifest.json' : 'published by the server'}), got ${sha256}. The corrupt download was deleted.`,
    );
  }
  const verifiedBy = entry.sha256 ? 'manifest-sha256' : expectedSha ? 'server-sha256' : 'size-only';
  return { path: dest, bytes, sha256, verifiedBy };
}
