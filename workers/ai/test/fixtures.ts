import { spawn, type ChildProcess } from 'node:child_process';
import type { Db } from '@helpdesk/db';

import { REPO_ROOT as ROOT } from '@helpdesk/config/paths';

export { ROOT };

let counter = 0;

/** A ticket with customer messages, written directly: the AI jobs only read these rows. */
export async function makeTicket(db: Db, tenantId: string, subject: string, bodies: string[]) {
  const customer = await db.customer.upsert({
    where: { tenantId_email: { tenantId, email: 'customer@example.test' }, tenantId },
    create: { tenantId, email: 'customer@example.test', name: 'Casey' },
    update: {},
  });
  const ticket = await db.ticket.create({
    data: { tenantId, number: ++counter + Math.floor(Math.random() * 1e6), subject, channel: 'EMAIL', customerId: customer.id },
  });
  for (const bodyText of bodies) {
    await db.message.create({ data: { tenantId, ticketId: ticket.id, kind: 'CUSTOMER', customerId: customer.id, bodyText } });
  }
  return ticket;
}

export function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/ai/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => process.env.AI_TEST_VERBOSE && process.stdout.write(d));
  child.stderr?.on('data', (d: Buffer) => process.env.AI_TEST_VERBOSE && process.stderr.write(d));
  return child;
}

export async function stopWorker(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 90_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
