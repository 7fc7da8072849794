import { readdir } from 'node:fs/promises';
import type { Db } from '@helpdesk/db';
import type { TestTenant } from '@helpdesk/testkit';
import { signInbound } from '../src/index';

/** The webhook's input for a mail, signed with the tenant's inbound secret as the mail relay signs it. */
export function signed(tenant: TestTenant, rawMime: string | Buffer, at = new Date()) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { alias: tenant.inboundAlias, rawMime, timestamp, signature: signInbound(tenant.inboundSecret, timestamp, rawMime) };
}

/** What a refused mail must not have left behind. */
export async function counts(db: Db, tenantId: string) {
  return {
    tickets: await db.ticket.count({ where: { tenantId } }),
    messages: await db.message.count({ where: { tenantId } }),
    customers: await db.customer.count({ where: { tenantId } }),
  };
}

export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}
