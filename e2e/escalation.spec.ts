import { expect, test } from '@playwright/test';
import { createRedis, enqueue } from '@helpdesk/jobs';
import { expectNoA11yViolations } from './helpers/a11y';
import { sql } from './helpers/db';
import { signIn } from './helpers/auth';
import { DEMO, SERVER_ENV } from './helpers/env';
import { acmeTicket, storeTriage } from './helpers/tickets';

const FAKE_ANTHROPIC = SERVER_ENV.ANTHROPIC_BASE_URL as string;
const run = Date.now().toString(36);
const subject = `Escalation check ${run}: charged twice for my subscription`;

/** A ticket whose stored triage has low confidence (0.30), as if the local triage had just run. */
async function lowConfidenceTicket(): Promise<{ tenantId: string; ticketId: string; number: number }> {
  const ticket = await acmeTicket({
    subject,
    customer: { email: `pat-${run}@example.com`, name: 'Pat Example' },
    body: 'Hello, I was charged twice for my subscription this month. You can reach me at pat.example@example.com. Can you refund one of the charges?',
  });
  await storeTriage(ticket, { confidence: 0.3, summary: 'Double charge' });
  return { tenantId: ticket.tenantId, ticketId: ticket.id, number: ticket.number };
}

// The axe scan of a page with a chart and the worker's model load compete for two shared cores.
test.describe.configure({ mode: 'serial', timeout: 180_000 });

test('an admin tunes the confidence threshold with the simulator and saves it; the page is accessible', async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin/escalation');
  await expect(page.getByRole('heading', { name: 'AI escalation' })).toBeVisible();
  await expect(page.getByTestId('simulation')).toBeVisible();
  await expectNoA11yViolations(page);

  await sql(`UPDATE "EscalationPolicy" SET "confidenceThreshold" = 0.6 WHERE "tenantId" = (SELECT id FROM "Tenant" WHERE slug = 'acme')`);
  await page.reload();
  const thumb = page.getByRole('slider', { name: 'Confidence threshold' });
  await thumb.focus();
  for (let i = 0; i < 15; i++) await thumb.press('ArrowRight');
  await expect(page.getByTestId('threshold-value')).toHaveText('Confidence threshold: 0.75');

  await page.getByLabel('Webhook signing secret').fill('short');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('must be at least 16 characters')).toBeVisible();

  await page.getByLabel('Webhook signing secret').fill('');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('Policy saved.')).toBeVisible();
  const [policy] = await sql<{ confidenceThreshold: number }>(
    `SELECT "confidenceThreshold" FROM "EscalationPolicy" WHERE "tenantId" = (SELECT id FROM "Tenant" WHERE slug = 'acme')`,
  );
  expect(policy?.confidenceThreshold).toBe(0.75);
});

test('a low-confidence ticket escalates through the worker, streams into the ticket page, and is billed once', async ({ page }) => {
  await fetch(`${FAKE_ANTHROPIC}/_control/reset`, { method: 'POST' });
  const { tenantId, ticketId, number } = await lowConfidenceTicket();
  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto(`/tickets/${number}`);
  // Every length the draft text passes through, as the browser renders it.
  // A string, because this file is type-checked without the DOM library.
  await page.evaluate(`(() => {
    window.__draftLengths = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="escalation-decision"] [data-testid="draft-body"]');
      const n = el ? el.textContent.length : -1;
      if (n >= 0 && window.__draftLengths.at(-1) !== n) window.__draftLengths.push(n);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);

  const redis = createRedis(SERVER_ENV.REDIS_URL as string);
  try {
    await enqueue(redis, 'draft', { tenantId, ticketId, contentVersion: 1 });
  } finally {
    redis.disconnect();
  }

  const card = page.getByTestId('escalation-decision');
  const body = card.getByTestId('draft-body');
  await expect(card.getByTestId('draft-status')).toHaveText('Draft ready for review', { timeout: 60_000 });
  const lengths = (await page.evaluate('window.__draftLengths')) as number[];
  // The text grew in steps while the fake server streamed it, rather than arriving whole.
  expect(lengths.filter((n) => n > 0).length, `lengths seen: ${lengths.join(',')}`).toBeGreaterThan(3);

  await expect(card.getByText('confidence 0.30 < 0.75')).toBeVisible();
  await expect(card.getByText(/Redacted before sending: 1 email/)).toBeVisible();
  const finalText = await body.innerText();
  expect(finalText).toContain('pat.example@example.com');
  expect(finalText).toContain('thank you for contacting us');

  const requests = (await (await fetch(`${FAKE_ANTHROPIC}/_control/requests`)).json()) as { requests: { body: unknown }[] };
  const mine = requests.requests.filter((r) => JSON.stringify(r.body).includes(`Escalation check ${run}`));
  expect(mine).toHaveLength(1);
  expect(JSON.stringify(mine[0]!.body)).not.toContain('pat.example@example.com');

  const ledger = await sql<{
    tokensIn: number;
    tokensOut: number;
    cacheWriteTokens: number;
    cacheReadTokens: number;
    costMicros: string;
    model: string;
    expected: string;
  }>(
    `SELECT u."tokensIn", u."tokensOut", u."cacheWriteTokens", u."cacheReadTokens", u."costMicros"::text, u.model,
            ((u."tokensIn" * p."inputPerMTokMicros" + u."tokensOut" * p."outputPerMTokMicros" + u."cacheWriteTokens" * p."cacheWritePerMTokMicros"
              + u."cacheReadTokens" * p."cacheReadPerMTokMicros") * 2 + 1000000) / 2000000 AS expected
       FROM "UsageEvent" u JOIN "PriceCatalog" p ON p.id = u."priceId"
      WHERE u."ticketId" = $1 AND u.feature = 'ESCALATED_DRAFT'`,
    [ticketId],
  );
  expect(ledger).toHaveLength(1);
  const row = ledger[0]!;
  expect(row.model).toBe('claude-haiku-4-5');
  const [draft] = await sql<{ tokensOut: number; source: string }>(`SELECT "tokensOut", source FROM "AiDraft" WHERE "ticketId" = $1`, [
    ticketId,
  ]);
  expect(draft).toMatchObject({ source: 'CLOUD', tokensOut: row.tokensOut });
  expect(row.tokensIn).toBeGreaterThan(0);
  expect(row.costMicros).toBe(String(row.expected));
  await expect(card.getByTestId('escalation-cost')).toContainText(`${row.tokensIn} tokens in, ${row.tokensOut} out, 1 call`);
});
