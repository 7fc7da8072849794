import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './helpers/a11y';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { DEMO } from './helpers/env';
import { expectNoHorizontalScroll, PHONE } from './helpers/layout';

// A workspace of its own, in New York time (EST, UTC-5, in the range: the clocks change on March 10th, 2024), with a
// known set of tickets, drafts and triage results, so the page's numbers can be checked exactly.
const run = Date.now().toString(36);
const tenantId = `e2e-reports-${run}`;
const lead = `lead-${run}@reports.test`;
const agent = `agent-${run}@reports.test`;
const agentName = `Rhea ${run}`;
const FROM = '2024-03-04';
const TO = '2024-03-08';

/** A New York wall-clock time plus minutes, as the UTC `timestamp` the tables store. */
const local = (at: string, plus = 0) =>
  `(('${at}'::timestamp AT TIME ZONE 'America/New_York') AT TIME ZONE 'UTC') + interval '${plus} minutes'`;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await sql(
    `INSERT INTO "Tenant" (id, name, slug, "inboundAlias", "inboundSecret", timezone, "updatedAt") VALUES ($1, $2, $1, $1, 'secret', 'America/New_York', now())`,
    [tenantId, `Reports ${run}`],
  );
  // The two people sign in with the demo password: their rows copy the demo owner's hash.
  for (const [id, email, name, role] of [
    [`u-lead-${run}`, lead, `Lead ${run}`, 'OWNER'],
    [`u-agent-${run}`, agent, agentName, 'AGENT'],
  ] as const) {
    await sql(
      `INSERT INTO "User" (id, email, name, "passwordHash", "emailVerified", "updatedAt")
       SELECT $1, $2, $3, "passwordHash", now(), now() FROM "User" WHERE email = $4`,
      [id, email, name, DEMO.owner],
    );
    await sql(`INSERT INTO "Membership" (id, "tenantId", "userId", role) VALUES ($1, $2, $3, $4::"Role")`, [`m-${id}`, tenantId, id, role]);
  }
  await sql(`INSERT INTO "Group" (id, "tenantId", name) VALUES ($1, $2, 'Reports team')`, [`g-${run}`, tenantId]);
  await sql(`INSERT INTO "Category" (id, "tenantId", key, name) VALUES ($1, $2, 'billing', 'Billing'), ($3, $2, 'login', 'Login')`, [
    `c1-${run}`,
    tenantId,
    `c2-${run}`,
  ]);
  await sql(`INSERT INTO "Customer" (id, "tenantId", email, name, tags, "updatedAt") VALUES ($1, $2, $3, 'Customer', '{}', now())`, [
    `cu-${run}`,
    tenantId,
    `c-${run}@reports.test`,
  ]);
  // First responses 30, 90 and 10 minutes; resolutions 120, 600 and 60; E2 misses both targets.
  const tickets: [number, string, number, number][] = [
    [1, '2024-03-04 09:00', 30, 120],
    [2, '2024-03-04 10:00', 90, 600],
    [3, '2024-03-05 09:00', 10, 60],
  ];
  for (const [n, at, fr, res] of tickets) {
    await sql(
      `INSERT INTO "Ticket" (id, "tenantId", number, subject, status, channel, "customerId", "assigneeId", "groupId", "categoryId",
         "createdAt", "firstRespondedAt", "solvedAt", "firstResponseDueAt", "resolutionDueAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 'SOLVED', 'EMAIL', $5, $6, $7, $8, ${local(at)}, ${local(at, fr)}, ${local(at, res)}, ${local(at, 60)}, ${local(at, 480)}, now())`,
      [`t${n}-${run}`, tenantId, n, `Report ticket ${n}`, `cu-${run}`, `u-agent-${run}`, `g-${run}`, `c1-${run}`],
    );
  }
  // Drafts as the approval stored them: local sent unchanged, edited (a quarter changed) and discarded; cloud edited (a tenth).
  const drafts: [string, number, string, string, number | null, number | null][] = [
    ['d1', 1, 'LOCAL', 'APPROVED', 0, 0],
    ['d2', 1, 'LOCAL', 'APPROVED', 12, 0.25],
    ['d3', 1, 'LOCAL', 'DISCARDED', null, null],
    ['d4', 2, 'CLOUD', 'APPROVED', 3, 0.1],
  ];
  for (const [id, version, source, status, chars, ratio] of drafts) {
    const ticket = `t${id === 'd4' ? 1 : Number(id.slice(1))}-${run}`;
    await sql(
      `INSERT INTO "AiDraft" (id, "tenantId", "ticketId", "contentVersion", body, citations, source, status, "modelId", "promptVersion",
         "approvedById", "sentEditDistance", "sentEditRatio", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, 'Draft', '[]', $5::"DraftSource", $6::"DraftStatus", 'model', 'v1', $7, $8, $9, ${local('2024-03-05 12:00')}, now())`,
      [`${id}-${run}`, tenantId, ticket, version, source, status, status === 'APPROVED' ? `u-agent-${run}` : null, chars, ratio],
    );
  }
  // The classifier said Billing on ticket 1 and an agent changed it to Login; the local model's triage of ticket 2 stood.
  for (const [n, source] of [
    [1, 'CLASSIFIER'],
    [2, 'LOCAL_MODEL'],
  ] as const) {
    await sql(
      `INSERT INTO "TriageResult" (id, "tenantId", "ticketId", "contentVersion", "categoryKey", priority, sentiment, language, confidence, summary, source,
         candidates, "modelId", "promptVersion", "durationMs", "createdAt")
       VALUES ($1, $2, $3, 1, 'billing', 'NORMAL', 'NEUTRAL', 'en', 0.9, 's', $4::"TriageSource", '[]', 'm', 'v1', 5, ${local('2024-03-05 12:00')})`,
      [`tr${n}-${run}`, tenantId, `t${n}-${run}`, source],
    );
  }
  await sql(
    `INSERT INTO "TriageLabel" (id, "tenantId", "ticketId", field, "fromValue", "toValue", "userId", "createdAt") VALUES ($1, $2, $3, 'category', 'billing', 'login', $4, ${local('2024-03-05 13:00')})`,
    [`tl-${run}`, tenantId, `t1-${run}`, `u-agent-${run}`],
  );
});

test('a lead sees the known numbers, charts with tables, and CSV downloads of the same rows', async ({ page }) => {
  await signIn(page, lead, DEMO.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await page.getByLabel('From', { exact: true }).fill(FROM);
  await page.getByLabel('To', { exact: true }).fill(TO);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${FROM}&to=${TO}`));
  await expect(page.getByText('days in America/New_York')).toBeVisible();
  await expect(page.getByText(/calendar time \(no business hours set\)/)).toBeVisible();

  await expect(page.getByTestId('stat-created')).toHaveText('3');
  await expect(page.getByTestId('stat-first-response')).toHaveText('30 min');
  await expect(page.getByTestId('stat-resolution')).toHaveText('2 h 00 min');
  await expect(page.getByTestId('stat-first-response-sla')).toHaveText('66.7%');
  await expect(page.getByTestId('stat-resolution-sla')).toHaveText('66.7%');

  // Each chart is a named figure whose numbers are also in a table.
  const volume = page.getByRole('figure', { name: 'Tickets created and solved per day' });
  await expect(volume.locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
  await expect(volume.locator('.recharts-bar-rectangle').first()).toBeAttached();
  await page.getByText('Volume as a table').click();
  const volumeRows = page.getByTestId('volume-table').locator('tbody tr');
  await expect(volumeRows).toHaveCount(5);
  await expect(volumeRows.nth(0).locator('td')).toHaveText(['2024-03-04', '2', '2']);
  await expect(volumeRows.nth(1).locator('td')).toHaveText(['2024-03-05', '1', '1']);

  await expect(page.getByRole('figure', { name: 'SLA met by agent' }).locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
  const agentRow = page.getByTestId('agents-table').getByRole('row', { name: new RegExp(agentName) });
  await expect(agentRow.getByRole('cell')).toHaveText([
    '3',
    '30 min / 1 h 18 min',
    '2 h 00 min / 8 h 24 min',
    '66.7% (2 of 3)',
    '66.7% (2 of 3)',
  ]);
  await expect(
    page
      .getByTestId('groups-table')
      .getByRole('row', { name: /Reports team/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('3');
  await expect(
    page
      .getByTestId('categories-table')
      .getByRole('row', { name: /Billing/ })
      .getByRole('cell')
      .first(),
  ).toHaveText('3');

  await expect(
    page.getByRole('figure', { name: 'Draft outcomes by source' }).locator('.recharts-wrapper > svg.recharts-surface'),
  ).toBeVisible();
  const localDrafts = page.getByTestId('ai-drafts-table').locator('tr[data-source="LOCAL"] td');
  await expect(localDrafts).toHaveText(['3', '1', '1', /^0\.25 \/ 0\.25median 12 characters changed$/, '1', '0', '0', '33.3%']);
  const cloudDrafts = page.getByTestId('ai-drafts-table').locator('tr[data-source="CLOUD"]');
  await expect(cloudDrafts.getByRole('rowheader')).toHaveText('Cloud model (simulated)');
  await expect(cloudDrafts.locator('td')).toHaveText(['1', '0', '1', /^0\.10 \/ 0\.10/, '0', '0', '0', '0%']);
  await expect(page.getByTestId('ai-triage-table').locator('tr[data-source="CLASSIFIER"] td')).toHaveText([
    '1',
    '1',
    '1',
    '0',
    '0',
    '100%',
  ]);
  await expect(page.getByTestId('ai-triage-table').locator('tr[data-source="LOCAL_MODEL"] td')).toHaveText(['1', '0', '0', '0', '0', '0%']);

  await expectNoA11yViolations(page);

  const download = async (name: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Download ${name} (CSV)` }).click()]);
    return { name: file.suggestedFilename(), lines: (await readFile((await file.path())!, 'utf8')).split('\r\n') };
  };
  const agents = await download('agent table');
  expect(agents.name).toBe(`report-agents-${FROM}-to-${TO}.csv`);
  expect(agents.lines[1]).toBe(`${agentName},3,3,30,78,3,120,504,2,1,66.7,2,1,66.7`);
  expect(agents.lines[2]).toBe('All tickets,3,3,30,78,3,120,504,2,1,66.7,2,1,66.7');
  const aiDrafts = await download('AI drafts table');
  expect(aiDrafts.lines.slice(0, 3)).toEqual([
    'source,drafts,approved_unchanged,auto_sent,approved_edited,approved_unmeasured,discarded,not_reviewed,failed,edit_ratio_median,edit_ratio_mean,edit_chars_median,unchanged_pct',
    'LOCAL,3,1,0,1,0,1,0,0,0.25,0.25,12,33.3',
    'CLOUD,1,0,0,1,0,0,0,0,0.1,0.1,3,0.0',
  ]);
  const volumeCsv = await download('volume table');
  expect(volumeCsv.lines.slice(0, 3)).toEqual(['day,created,solved', '2024-03-04,2,2', '2024-03-05,1,1']);

  // A bad date is named next to its field, and the page still answers.
  await page.goto(`/reports?from=2024-02-30&to=${TO}`);
  await expect(page.getByText('The start date was not used')).toBeVisible();
  // Two bad dates are both named, each next to its own field.
  await page.goto('/reports?from=2024-02-30&to=soon');
  await expect(page.getByRole('alert').filter({ hasText: 'Neither date was used' })).toContainText(
    'the end date must be a date like 2026-11-01; the start date is not a real date',
  );
  await expect(page.getByLabel('From', { exact: true })).toHaveAccessibleDescription('is not a real date');
  await expect(page.getByLabel('To', { exact: true })).toHaveAccessibleDescription('must be a date like 2026-11-01');
  const response = await page.request.get(`/api/reports/export.csv?table=nonsense&from=${FROM}&to=${TO}`);
  expect(response.status()).toBe(400);
  expect((await response.json()).error.field).toBe('table');
});

test('at 390 px the reports fit without sideways scrolling', async ({ page }) => {
  // Signed in at desktop width: at 390 px the main navigation the sign-in helper waits for is behind the Menu button.
  await signIn(page, lead, DEMO.password);
  await page.setViewportSize(PHONE);
  await page.goto(`/reports?from=${FROM}&to=${TO}`);
  await expect(page.getByTestId('stat-created')).toHaveText('3');
  await page.getByText('Volume as a table').click();
  await expectNoHorizontalScroll(page);
});

test('an agent has no Reports link and is refused the page and the CSV', async ({ page }) => {
  await signIn(page, agent, DEMO.password);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' })).toHaveCount(0);
  const pageResponse = await page.goto('/reports');
  expect(pageResponse?.status()).toBe(404);
  const csv = await page.request.get(`/api/reports/export.csv?table=agents&from=${FROM}&to=${TO}`);
  expect(csv.status()).toBe(403);
});
