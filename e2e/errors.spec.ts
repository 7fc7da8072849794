import { expect, test } from '@playwright/test';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { DEMO } from './helpers/env';

// Issue 14: a domain refusal reaches the form as a field error (one error model, one action client), never as
// "Something went wrong".

async function tagNames(ticketId: string): Promise<string[]> {
  const rows = await sql<{ name: string }>(
    `SELECT g.name FROM "TicketTag" tt JOIN "Tag" g ON g.id = tt."tagId" WHERE tt."ticketId" = $1 ORDER BY g.name`,
    [ticketId],
  );
  return rows.map((r) => r.name);
}

test('a tag the rules refuse (vip!) is a field error next to Tags, nothing is saved, and the form keeps every change', async ({ page }) => {
  const [ticket] = await sql<{ id: string; number: number; priority: string }>(
    `SELECT t.id, t.number, t.priority::text FROM "Ticket" t JOIN "Tenant" n ON n.id = t."tenantId" WHERE n.slug = 'acme' AND t.status <> 'CLOSED' ORDER BY t.number LIMIT 1`,
  );
  if (!ticket) throw new Error('the seeded acme tenant has no open ticket');
  const before = await tagNames(ticket.id);
  const priority = ticket.priority === 'URGENT' ? 'LOW' : 'URGENT';

  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto(`/tickets/${ticket.number}`);
  const properties = page.getByRole('form', { name: 'Ticket properties' });
  const tags = properties.getByLabel('Tags (comma separated)');
  const typed = [...before, 'vip!'].join(', ');
  await properties.getByLabel('Priority').selectOption(priority);
  await tags.fill(typed);
  await properties.getByRole('button', { name: 'Save changes' }).click();

  await expect(properties.locator('#ctl-tags-error')).toHaveText('Tags may use letters, digits and _ : . - only');
  await expect(tags).toHaveAttribute('aria-invalid', 'true');
  await expect(properties).not.toContainText('Something went wrong');
  expect(await tagNames(ticket.id)).toEqual(before);
  // What the agent typed and chose is still there to correct (a form action had reset both to the stored values).
  await expect(tags).toHaveValue(typed);
  await expect(properties.getByLabel('Priority')).toHaveValue(priority);

  // Corrected in place, the same form saves the tag and the priority chosen before.
  await tags.fill(typed.replace('vip!', 'vip'));
  await properties.getByRole('button', { name: 'Save changes' }).click();
  await expect(properties.getByRole('status')).toHaveText('Saved');
  await expect.poll(() => tagNames(ticket.id)).toContain('vip');
  const [saved] = await sql<{ priority: string }>(`SELECT priority::text FROM "Ticket" WHERE id = $1`, [ticket.id]);
  expect(saved?.priority).toBe(priority);
});

test('a refused article keeps its title and body, and a refused bulk tag stays in its field', async ({ page }) => {
  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto('/knowledge/new');
  const body = 'Refunds for double charges arrive within five working days.\n\nA long text the agent must not type twice.';
  // Spaces pass the browser's `required` and are refused by the server: the error comes from the action.
  await page.getByLabel('Title').fill('   ');
  await page.getByLabel('Body (Markdown)').fill(body);
  await page.getByRole('button', { name: 'Create article' }).click();
  await expect(page.locator('#title-error')).toBeVisible();
  await expect(page.getByLabel('Body (Markdown)')).toHaveValue(body);
  expect(await sql(`SELECT 1 FROM "KnowledgeArticle" WHERE "bodyMarkdown" = $1`, [body])).toHaveLength(0);

  await page.goto('/inbox?view=all-open');
  await page.getByTestId('ticket-row').first().getByRole('checkbox').check();
  const bulk = page.getByRole('form', { name: 'Bulk actions' });
  await bulk.getByLabel('Add tag').fill('vip!');
  await bulk.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /letters, digits/ })).toBeVisible();
  await expect(bulk.getByLabel('Add tag')).toHaveValue('vip!');
});
