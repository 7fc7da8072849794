import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

export interface ModelEntry {
  role: 'chat' | 'embedding';
  file: string;
  url: string;
  approxBytes: number;
  sha256: string | null;
}

export interface PullProgress {
  received: number;
  total: number | null;
  resumedFrom: number;
}

export interface PullResult {
  path: string;
  bytes: number;
  sha256: string;
  /** How the file was checked: against the manifest, the server's published hash, or its size only. */
  verifiedBy: 'manifest-sha256' | 'server-sha256' | 'size-only';
  resumedFrom: number;
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
  const size = Number(head.headers.get('x-linked-size') ?? NaN);
  return { sha: cleanEtag(head.headers.get('x-linked-etag')), size: Number.isFinite(size) ? size : null };
}

/**
 * Downloads a model to `dest`, resuming a `.download` partial with a Range request, then verifies the
 * sha256 (pinned in the manifest, else the one Hugging Face publishes for the LFS object) and the size.
 */
export async function pullModel(entry: ModelEntry, dest: string, onProgress?: (p: PullProgress) => void): Promise<PullResult> {
  const partial = `${dest}.download`;
  const resumedFrom = existsSync(partial) ? statSync(partial).size : 0;
  let response: Response;
  let published: { sha: string; size: number | null };
  try {
    published = await publishedChecksum(entry.url);
    response = await fetch(entry.url, { headers: resumedFrom ? { Range: `bytes=${resumedFrom}-` } : {}, redirect: 'follow' });
  } catch (error) {
    throw offline(entry.url, error);
  }
  if (response.status === 416) {
    // The partial is already complete (or larger than the file): verify what we have.
  } else if (!response.ok || !response.body) {
    throw new PullError(`Download of ${entry.url} failed: HTTP ${response.status} ${response.statusText}`);
  }
  const serverSha = published.sha || cleanEtag(response.headers.get('x-linked-etag') ?? response.headers.get('etag'));
  const expectedSha = entry.sha256 ?? (SHA256.test(serverSha) ? serverSha : null);
  const appending = response.status === 206;
  const start = appending ? resumedFrom : 0;
  const length = Number(response.headers.get('content-length') ?? NaN);
  const total = Number.isFinite(length) && response.status !== 416 ? start + length : null;

  if (response.status !== 416 && response.body) {
    let received = start;
    // Each chunk is written before the next is read, so whatever arrived before a dropped connection is on
    // disk when we give up, and the next run resumes from it (a stream pipeline would discard its buffer).
    const file = await open(partial, appending ? 'a' : 'w');
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        await file.write(chunk);
        received += chunk.byteLength;
        onProgress?.({ received, total, resumedFrom: start });
      }
    } catch (error) {
      throw new PullError(`Download interrupted at ${received} bytes (${(error as Error).message}); run the same command again to resume.`);
    } finally {
      await file.close();
    }
  }

  const bytes = statSync(partial).size;
  if (published.size !== null && bytes !== published.size) {
    throw new PullError(`Downloaded ${bytes} bytes but the file is ${published.size} bytes; run again to resume.`);
  }
  if (total !== null && bytes !== total) throw new PullError(`Downloaded ${bytes} bytes but the server announced ${total}; run again to resume.`);
  const sha256 = await sha256File(partial);
  if (expectedSha && sha256 !== expectedSha) {
    await rm(partial, { force: true });
    throw new PullError(`Checksum mismatch for ${entry.file}: expected ${expectedSha}, got ${sha256}. The corrupt download was deleted.`);
  }
  await rename(partial, dest);
  const verifiedBy = entry.sha256 ? 'manifest-sha256' : expectedSha ? 'server-sha256' : 'size-only';
  return { path: dest, bytes, sha256, verifiedBy, resumedFrom: appending ? resumedFrom : 0 };
}
