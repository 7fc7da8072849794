import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullModel, PullError } from '../src/model-pull';

const payload = randomBytes(256 * 1024);
const sha = createHash('sha256').update(payload).digest('hex');
let server: Server;
let base: string;
let dir: string;
let cutNext = false;
const ranges: (string | undefined)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pull-'));
  // Behaves like Hugging Face: HEAD carries X-Linked-Etag/Size; GET honours Range; can drop mid-transfer.
  server = createServer((req, res) => {
    const advertised = req.url === '/wrong.gguf' ? 'f'.repeat(64) : sha;
    res.setHeader('x-linked-etag', `"${advertised}"`);
    res.setHeader('x-linked-size', String(payload.length));
    if (req.method === 'HEAD') return res.end();
    ranges.push(req.headers.range);
    const from = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const body = payload.subarray(from);
    res.writeHead(from ? 206 : 200, { 'content-length': String(body.length) });
    if (cutNext) {
      cutNext = false;
      res.write(body.subarray(0, 100_000), () => res.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const entry = (path: string) => ({ role: 'chat' as const, file: 'm.gguf', url: `${base}${path}`, approxBytes: payload.length, sha256: null });

describe('models:pull', () => {
  it('resumes an interrupted download with a Range request and verifies the published sha256', async () => {
    const dest = join(dir, 'model.gguf');
    cutNext = true;
    await expect(pullModel(entry('/model.gguf'), dest)).rejects.toBeInstanceOf(PullError);
    const partialSize = statSync(`${dest}.download`).size;
    expect(partialSize).toBeGreaterThan(0);
    expect(partialSize).toBeLessThan(payload.length);
    const progress: number[] = [];
    const result = await pullModel(entry('/model.gguf'), dest, (p) => progress.push(p.received));
    expect(ranges.at(-1)).toBe(`bytes=${partialSize}-`);
    expect(result).toMatchObject({ sha256: sha, bytes: payload.length, verifiedBy: 'server-sha256', resumedFrom: partialSize });
    expect(progress.at(-1)).toBe(payload.length);
    expect(Buffer.compare(readFileSync(dest), payload)).toBe(0);
  });

  it('prefers a sha256 pinned in the manifest and deletes a download that does not match', async () => {
    const ok = await pullModel({ ...entry('/model.gguf'), sha256: sha }, join(dir, 'pinned.gguf'));
    expect(ok.verifiedBy).toBe('manifest-sha256');
    const dest = join(dir, 'bad.gguf');
    await expect(pullModel(entry('/wrong.gguf'), dest)).rejects.toThrow(/Checksum mismatch/);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.download`)).toBe(false);
  });

  it('says clearly when the machine is offline', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(pullModel({ ...entry(''), url: `http://127.0.0.1:${port}/x.gguf` }, join(dir, 'off.gguf'))).rejects.toThrow(/offline.*models:tiny/);
  });
});
