import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, resolveModelName } from '../src/manifest';
import { pullModel, PullError } from '../src/model-pull';
import { ensureTinyModel } from '../src/tiny-model';

const run = promisify(execFile);
const PULL = join(import.meta.dirname, '..', 'scripts', 'pull.ts');
const TSX = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
let payload: Buffer;
let sha: string;
let server: Server;
let base: string;
let dir: string;
let cutNext = false;

beforeAll(async () => {
  payload = readFileSync(await ensureTinyModel());
  sha = createHash('sha256').update(payload).digest('hex');
  dir = await mkdtemp(join(tmpdir(), 'pull-'));
  // Behaves like Hugging Face: HEAD carries X-Linked-Etag/Size; GET honours Range; can drop mid-transfer.
  server = createServer((req, res) => {
    const advertised = req.url?.startsWith('/wrong') ? 'f'.repeat(64) : sha;
    res.setHeader('x-linked-etag', `"${advertised}"`);
    res.setHeader('x-linked-size', String(payload.length));
    res.setHeader('accept-ranges', 'bytes');
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const from = Number(range?.[1] ?? 0);
    const to = range?.[2] ? Number(range[2]) + 1 : payload.length;
    const body = payload.subarray(from, to);
    const headers: Record<string, string> = { 'content-length': String(body.length), 'content-type': 'application/octet-stream' };
    if (range) headers['content-range'] = `bytes ${from}-${to - 1}/${payload.length}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') return res.end();
    if (cutNext) {
      cutNext = false;
      res.write(body.subarray(0, Math.floor(body.length / 3)), () => res.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A manifest like the shipped one whose recommended chat model is served by the local server. */
async function localManifest(path: string, sha256: string | null = null): Promise<string> {
  const shipped = loadManifest();
  const file = join(dir, `manifest-${Math.random().toString(36).slice(2)}.json`);
  const chat = shipped.recommended.chat!;
  const models = { ...shipped.models, [chat]: { ...shipped.models[chat]!, url: `${base}${path}`, approxBytes: payload.length, sha256 } };
  await writeFile(file, JSON.stringify({ ...shipped, models }));
  return file;
}

async function pull(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [PULL, ...args], { cwd: dir, env: { ...process.env, NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true' } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('models:pull', () => {
  it('resolves the role names to the recommended models and refuses an unknown name', () => {
    const manifest = loadManifest();
    expect(resolveModelName(manifest, 'chat')).toMatchObject({ key: manifest.recommended.chat, viaRole: true, entry: { role: 'chat' } });
    expect(resolveModelName(manifest, 'embedding')).toMatchObject({
      key: 'nomic-embed-text-v1.5',
      entry: { taskPrefixes: { query: 'search_query: ' } },
    });
    expect(resolveModelName(manifest, 'qwen2.5-1.5b-instruct')).toMatchObject({ viaRole: false });
    expect(resolveModelName(manifest, 'llama-9000')).toBeNull();
  });

  it('`models:pull -- chat` downloads the recommended chat model from the server, verifies it and says how to use it', async () => {
    const manifest = await localManifest('/chat.gguf');
    const out = join(dir, 'out');
    const { code, out: log } = await pull(['chat', '--manifest', manifest, '--dir', out, '--use']);
    expect(log).toContain('"chat" is the recommended chat model: qwen2.5-7b-instruct.');
    expect(code).toBe(0);
    const file = join(out, loadManifest().models['qwen2.5-7b-instruct']!.file);
    expect(Buffer.compare(readFileSync(file), payload)).toBe(0);
    expect(log).toContain(`sha256 ${sha} matches the hash the server published`);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toContain(`MODEL_PATH=out/${loadManifest().models['qwen2.5-7b-instruct']!.file}`);
  }, 60_000);

  it('fails clearly on a wrong checksum and deletes the file', async () => {
    const out = join(dir, 'bad');
    const { code, out: log } = await pull(['chat', '--manifest', await localManifest('/wrong.gguf'), '--dir', out]);
    expect(code).toBe(1);
    expect(log).toMatch(
      /Checksum mismatch for .*expected f{64} \(published by the server\), got [0-9a-f]{64}\. The corrupt download was deleted\./,
    );
    expect(existsSync(join(out, loadManifest().models['qwen2.5-7b-instruct']!.file))).toBe(false);
    // A pinned sha256 wins over the server's and is reported as such.
    const pinned = await pullModel(
      { ...loadManifest().models['qwen2.5-7b-instruct']!, url: `${base}/wrong.gguf`, sha256: sha },
      join(dir, 'pinned.gguf'),
    );
    expect(pinned.verifiedBy).toBe('manifest-sha256');
  }, 60_000);

  it('ends with a verified file when the connection drops mid-transfer (the downloader resumes, or the next run does)', async () => {
    const entry = { ...loadManifest().models['qwen2.5-7b-instruct']!, url: `${base}/cut.gguf` };
    const dest = join(dir, 'cut.gguf');
    cutNext = true;
    const first = await pullModel(entry, dest).catch((error: unknown) => error);
    const result = first instanceof PullError ? await pullModel(entry, dest) : first;
    expect(result).toMatchObject({ sha256: sha, bytes: payload.length, verifiedBy: 'server-sha256' });
  }, 60_000);

  it('says clearly when the machine is offline', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const entry = { ...loadManifest().models['qwen2.5-7b-instruct']!, url: `http://127.0.0.1:${port}/x.gguf` };
    await expect(pullModel(entry, join(dir, 'off.gguf'))).rejects.toThrow(/offline.*models:tiny/);
  });
});
