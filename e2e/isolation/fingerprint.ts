import { withClient } from '@helpdesk/testkit/pg-client';

/** Tables holding a tenant's rows; the fingerprint of the victim's rows must not change while Acme probes it. */
const TENANT_TABLES = [
  'Membership',
  'Invitation',
  'ApiKey',
  'Customer',
  'Group',
  'Category',
  'Tag',
  'TicketTag',
  'Ticket',
  'Message',
  'Attachment',
  'Macro',
  'SlaPolicy',
  'SavedView',
  'KnowledgeArticle',
  'AiDraft',
  'TriageResult',
  'TriageLabel',
  'ClassifierModel',
  'EscalationPolicy',
  'PriceCatalog',
  'UsageEvent',
  'AuditLog',
  'OutboxEvent',
  'Notification',
] as const;

/** Row counts and an md5 of every row of the victim tenant (and the tenant row itself), per table. */
export async function victimFingerprint(databaseUrl: string, tenantId: string): Promise<Record<string, string>> {
  return withClient(databaseUrl, async (c) => {
    const out: Record<string, string> = {};
    const tenant = await c.query<{ h: string }>(`SELECT md5(t::text) AS h FROM "Tenant" t WHERE id = $1`, [tenantId]);
    out.Tenant = tenant.rows[0]?.h ?? 'missing';
    for (const table of TENANT_TABLES) {
      const { rows } = await c.query<{ n: string; h: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))) AS h FROM "${table}" t WHERE "tenantId" = $1`,
        [tenantId],
      );
      out[table] = `${rows[0]?.n}:${rows[0]?.h ?? '-'}`;
    }
    return out;
  });
}
