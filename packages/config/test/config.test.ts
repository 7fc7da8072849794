import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@helpdesk/config';

const good = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', NEXTAUTH_SECRET: 'a'.repeat(32) };

describe('configuration', () => {
  it('fills defaults for a minimal environment', () => {
    const c = parseConfig(good);
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    // One core stays free for the worker's JavaScript and the rest of the stack; never fewer than one thread.
    expect(c.LLAMA_THREADS).toBe(Math.max(1, availableParallelism() - 1));
    // The demo accounts' password is published: nothing listens beyond this machine unless the operator says so.
    expect(c.BIND_ADDRESS).toBe('127.0.0.1');
  });

  it('takes an IP address to listen on and names anything else', () => {
    expect(parseConfig({ ...good, BIND_ADDRESS: '0.0.0.0' }).BIND_ADDRESS).toBe('0.0.0.0');
    expect(parseConfig({ ...good, BIND_ADDRESS: '::' }).BIND_ADDRESS).toBe('::');
    expect(() => parseConfig({ ...good, BIND_ADDRESS: 'everywhere' })).toThrow(/BIND_ADDRESS is invalid \(must be an IP address/);
  });

  it('names each missing or bad variable with an example value', () => {
    let error: unknown;
    try {
      parseConfig({ DATABASE_URL: 'mysql://x', LLAMA_THREADS: 'many' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL is invalid \(must be a postgresql:\/\/ URL\); set it, e\.g\. DATABASE_URL=postgresql:\/\//);
    expect(message).toMatch(/NEXTAUTH_SECRET is not set; set it/);
    expect(message).toMatch(/LLAMA_THREADS is invalid/);
  });

  it('reads the GPU settings: layers as auto, max or a count; flash attention on/off; an optional batch size', () => {
    expect(parseConfig(good)).toMatchObject({ LLAMA_GPU_LAYERS: 'auto', LLAMA_FLASH_ATTENTION: 'off' });
    expect(parseConfig(good).LLAMA_BATCH_SIZE).toBeUndefined();
    expect(parseConfig({ ...good, LLAMA_GPU_LAYERS: 'max', LLAMA_FLASH_ATTENTION: 'on', LLAMA_BATCH_SIZE: '1024' })).toMatchObject({
      LLAMA_GPU_LAYERS: 'max',
      LLAMA_FLASH_ATTENTION: 'on',
      LLAMA_BATCH_SIZE: 1024,
    });
    expect(parseConfig({ ...good, LLAMA_GPU_LAYERS: '33' }).LLAMA_GPU_LAYERS).toBe(33);
    expect(() => parseConfig({ ...good, LLAMA_GPU_LAYERS: 'all' })).toThrow(/LLAMA_GPU_LAYERS is invalid/);
  });
});
