import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, withLogContext } from '../src/index';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('writes JSON lines carrying the request and tenant of the surrounding context, also across awaits', async () => {
    const { lines, destination } = capture();
    const log = createLogger({ pretty: false, destination, level: 'info' });
    await withLogContext({ requestId: 'req-1', tenantId: 'tenant-a' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.info({ ticket: 7 }, 'reply sent');
    });
    log.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'reply sent', requestId: 'req-1', tenantId: 'tenant-a', ticket: 7, level: 30 });
    expect(lines[1]).not.toHaveProperty('tenantId');
  });

  it('never writes credentials or message bodies', () => {
    const { lines, destination } = capture();
    const log = createLogger({ pretty: false, destination });
    log.warn(
      {
        password: 'hunter2',
        body: 'my card is 4111',
        message: { text: 'private', html: '<p>private</p>' },
        headers: { authorization: 'Bearer x' },
      },
      'inbound',
    );
    const line = JSON.stringify(lines[0]);
    for (const secret of ['hunter2', '4111', 'private', 'Bearer x']) expect(line).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: '[redacted]', body: '[redacted]' });
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const log = createLogger({ pretty: false, destination, level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});
