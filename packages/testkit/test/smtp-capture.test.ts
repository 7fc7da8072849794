import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '../src/smtp-capture';

describe('SMTP capture', () => {
  let capture: SmtpCapture;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'smtp-capture-'));
    capture = await startSmtpCapture({ port: 0, dir });
  });

  afterAll(async () => {
    await capture.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps what nodemailer sends, parsed and as an .eml file', async () => {
    const transport = nodemailer.createTransport(capture.url);
    const waiting = capture.waitFor((m) => m.parsed.subject === 'Second');
    await transport.sendMail({ from: 'support@acme.test', to: 'customer@example.com', subject: 'First', text: 'Hello there' });
    await transport.sendMail({
      from: 'support@acme.test',
      to: ['a@example.com', 'b@example.com'],
      subject: 'Second',
      html: '<p>Hi <b>you</b></p>',
    });
    const second = await waiting;
    expect(second.envelope).toEqual({ from: 'support@acme.test', to: ['a@example.com', 'b@example.com'] });
    expect(second.parsed.text?.trim()).toBe('Hi you');
    const first = capture.messages().find((m) => m.parsed.subject === 'First');
    expect(first?.parsed.text?.trim()).toBe('Hello there');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
    expect(files).toHaveLength(2);
    expect(await readFile(path.join(dir, files[0] as string), 'utf8')).toContain('Subject: First');
  });

  it('rejects a waiter when nothing matching arrives', async () => {
    await expect(capture.waitFor((m) => m.parsed.subject === 'Never', 200)).rejects.toThrow(/No matching mail/);
  });
});
