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

test('a tag the rules refuse (vip!) is a field error next to Tags, and nothing is saved', async ({ page }) => {
  const [ticket] = await sql<{ id: string; number: number }>(
    `SELECT t.id, t.number FROM "Ticket" t JOIN "Tenant" n ON n.id = t."tenantId" WHERE n.slug = 'acme' AND t.status <> 'CLOSED' ORDER BY t.number LIMIT 1`,
  );
  if (!ticket) throw new Error('the seeded acme tenant has no open ticket');
  const before = await tagNames(ticket.id);

  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto(`/tickets/${ticket.number}`);
  const properties = page.getByRole('form', { name: 'Ticket properties' });
  const tags = properties.getByLabel('Tags (comma separated)');
  await tags.fill('billing, vip!');
  await properties.getByRole('button', { name: 'Save changes' }).click();

  await expect(properties.locator('#ctl-tags-error')).toHaveText('Tags may use letters, digits and _ : . - only');
  await expect(tags).toHaveAttribute('aria-invalid', 'true');
  await expect(properties).not.toContainText('Something went wrong');
  expect(await tagNames(ticket.id)).toEqual(before);

  // The same form then saves a valid tag.
  await properties.getByLabel('Tags (comma separated)').fill([...before, 'vip'].join(', '));
  await properties.getByRole('button', { name: 'Save changes' }).click();
  await expect(properties.getByRole('status')).toHaveText('Saved');
  await expect.poll(() => tagNames(ticket.id)).toContain('vip');
});
