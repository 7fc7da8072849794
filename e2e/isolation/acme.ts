import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { withClient } from '@helpdesk/testkit/pg-client';
import { insert, monthOf, sha256 } from './rows';

/**
 * Acme, the seeded demo tenant, is the side that probes the victim (victim.ts): its four demo users and API keys of
 * its own. Its own ids serve the role checks (an agent refused an admin action on its own workspace's row).
 */
export interface AcmeWorld {
  tenantId: string;
  inboundAlias: string;
  inboundSecret: string;
  ticket: { id: string; number: number };
  customer: { id: string };
  article: { id: string; version: number };
  macro: { id: string };
  view: { id: string } | null;
  category: { id: string };
  agentMembershipId: string;
  agentUserId: string;
  ownerMembershipId: string;
  month: string;
}

export async function loadAcme(databaseUrl: string): Promise<AcmeWorld> {
  return withClient(databaseUrl, async (c) => {
    const one = async <T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T> => {
      const row = (await c.query<T>(text, values)).rows[0];
      if (!row) throw new Error(`the seeded acme tenant lacks a row for: ${text}`);
      return row;
    };
    const tenant = await one<{ id: string; inboundAlias: string; inboundSecret: string }>(
      `SELECT id, "inboundAlias", "inboundSecret" FROM "Tenant" WHERE slug = 'acme'`,
      [],
    );
    const t = tenant.id;
    const ticket = await one<{ id: string; number: number }>(
      `SELECT id, number FROM "Ticket" WHERE "tenantId" = $1 ORDER BY number LIMIT 1`,
      [t],
    );
    const customer = await one<{ id: string }>(`SELECT id FROM "Customer" WHERE "tenantId" = $1 ORDER BY "createdAt" LIMIT 1`, [t]);
    const article = await one<{ id: string; version: number }>(
      `SELECT id, version FROM "KnowledgeArticle" WHERE "tenantId" = $1 ORDER BY "createdAt" LIMIT 1`,
      [t],
    );
    const macro = await one<{ id: string }>(`SELECT id FROM "Macro" WHERE "tenantId" = $1 ORDER BY "createdAt" LIMIT 1`, [t]);
    const view = (await c.query<{ id: string }>(`SELECT id FROM "SavedView" WHERE "tenantId" = $1 LIMIT 1`, [t])).rows[0] ?? null;
    const category = await one<{ id: string }>(`SELECT id FROM "Category" WHERE "tenantId" = $1 ORDER BY key LIMIT 1`, [t]);
    const membership = (email: string) =>
      one<{ id: string; userId: string }>(
        `SELECT m.id, m."userId" FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."tenantId" = $1 AND u.email = $2`,
        [t, email],
      );
    const agent = await membership('agent@acme.test');
    const owner = await membership('owner@acme.test');
    return {
      tenantId: t,
      inboundAlias: tenant.inboundAlias,
      inboundSecret: tenant.inboundSecret,
      ticket,
      customer,
      article,
      macro,
      view,
      category,
      agentMembershipId: agent.id,
      agentUserId: agent.userId,
      ownerMembershipId: owner.id,
      month: monthOf(new Date()),
    };
  });
}

/** An Acme API key with the given scopes, stored the way createApiKey stores one (prefix + sha256). */
export async function acmeApiKey(databaseUrl: string, tenantId: string, scopes: string[], label: string): Promise<string> {
  const prefix = randomBytes(6).toString('hex');
  const key = `hd_${prefix}_${randomBytes(24).toString('base64url')}`;
  await withClient(databaseUrl, (c) =>
    insert(c, 'ApiKey', { id: `key_${prefix}`, tenantId, name: label, prefix, keyHash: sha256(key), scopes }),
  );
  return key;
}
