import { createHmac } from 'node:crypto';
import { NotFoundError, type Db, type SystemClient } from '@helpdesk/db';
import { postWebhook, UnsafeWebhookUrlError, type WebhookTargetOptions } from './webhook-target';

export const SIGNATURE_HEADER = 'x-helpdesk-signature';

export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DeliverOptions extends WebhookTargetOptions {
  /** Names the tenant for the tenant-guarded client; the job payload carries it. */
  tenantId?: string;
  timeoutMs?: number;
}

/**
 * Posts a budget alert to the tenant's webhook, signed with HMAC-SHA256 of the raw body. Throws on a
 * failed delivery so the budgetAlert job retries; the outcome of every try is kept on the alert (admins see it).
 * A URL that now points at a non-public address is refused without a request and without retries.
 */
export async function deliverBudgetAlert(db: Db | SystemClient, alertId: string, options: DeliverOptions = {}): Promise<string> {
  const where = options.tenantId ? { id: alertId, tenantId: options.tenantId } : { id: alertId };
  const alert = await (db as SystemClient).budgetAlert.findFirst({ where, include: { budget: true } });
  if (!alert) throw new NotFoundError('Budget alert');
  const tenant = await db.tenant.findUnique({
    where: { id: alert.tenantId },
    select: { name: true, alertWebhookUrl: true, alertWebhookSecret: true },
  });
  if (!tenant?.alertWebhookUrl) {
    await (db as SystemClient).budgetAlert.update({
      where: { id: alert.id, tenantId: alert.tenantId },
      data: { webhookStatus: 'no webhook configured' },
    });
    return 'no webhook configured';
  }
  const body = JSON.stringify({
    type: 'budget.alert',
    alertId: alert.id,
    tenantId: alert.tenantId,
    tenantName: tenant.name,
    period: alert.budget.period,
    threshold: alert.threshold,
    limitMicros: alert.budget.limitMicros.toString(),
    spentMicros: alert.budget.spentMicros.toString(),
    createdAt: alert.createdAt.toISOString(),
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (tenant.alertWebhookSecret) headers[SIGNATURE_HEADER] = signWebhook(tenant.alertWebhookSecret, body);
  let status: string;
  try {
    const res = await postWebhook(tenant.alertWebhookUrl, { headers, body, timeoutMs: options.timeoutMs }, options);
    if (res.status >= 200 && res.status < 300) status = `delivered ${res.status}`;
    else if (res.status >= 300 && res.status < 400)
      status = `failed ${res.status}: redirect to ${res.location ?? '(no location)'} not followed`;
    else status = `failed ${res.status}`;
  } catch (error) {
    if (error instanceof UnsafeWebhookUrlError) {
      status = `refused: ${error.message}`;
      await (db as SystemClient).budgetAlert.update({ where: { id: alert.id, tenantId: alert.tenantId }, data: { webhookStatus: status } });
      return status;
    }
    status = `failed: ${(error as Error).message}`;
  }
  await (db as SystemClient).budgetAlert.update({ where: { id: alert.id, tenantId: alert.tenantId }, data: { webhookStatus: status } });
  if (!status.startsWith('delivered')) throw new Error(`Budget alert webhook ${status}`);
  return status;
}

export interface BudgetAlertDelivery {
  id: string;
  period: string;
  threshold: number;
  createdAt: Date;
  /** Null until the ops worker has tried; otherwise `delivered …`, `failed …` or `refused: …`. */
  webhookStatus: string | null;
}

/** The tenant's latest alerts with the outcome of their webhook delivery, for the admins who set the webhook. */
export async function listBudgetAlertDeliveries(db: Db, tenantId: string, limit = 10): Promise<BudgetAlertDelivery[]> {
  const rows = await db.budgetAlert.findMany({
    where: { tenantId },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { id: true, threshold: true, createdAt: true, webhookStatus: true, budget: { select: { period: true } } },
  });
  return rows.map(({ budget, ...r }) => ({ ...r, period: budget.period }));
}
