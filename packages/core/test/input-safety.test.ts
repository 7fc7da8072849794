import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { ValidationError } from '@helpdesk/db';
import { makeTenant } from '@helpdesk/testkit';
import {
  apiAddMessageInput,
  apiCreateTicketInput,
  getTicketDetail,
  listCustomers,
  listTicketResources,
  listTickets,
  searchTickets,
  submitContactForm,
  ticketListQuery,
} from '../src/index';
import { assertStorableInput } from '../src/text-safety';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();

const LONE_HIGH = '\uD83D';
const LONE_LOW = '\uDE00';

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ZodError) return ValidationError.fromZod(error).field!;
    if (error && typeof error === 'object' && 'field' in error) return String((error as { field: unknown }).field);
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('NUL characters and lone surrogates', () => {
  it('name the field that holds them, however deep, and pass paired surrogates (emoji)', () => {
    expect(() => assertStorableInput({ subject: 'ok 😀', customer: { email: 'a@b.test', name: 'Zoë 👩‍💻' } })).not.toThrow();
    expect(fieldOf(() => assertStorableInput({ subject: 'ok', customer: { name: 'a\u0000b' } }))).toBe('customer.name');
    expect(fieldOf(() => assertStorableInput({ tags: ['fine', `x${LONE_HIGH}`] }))).toBe('tags.1');
    expect(fieldOf(() => assertStorableInput({ bodyText: `${LONE_LOW}start` }))).toBe('bodyText');
    expect(fieldOf(() => assertStorableInput({ id: 'abc\u0000' }))).toBe('id');
    expect(fieldOf(() => assertStorableInput('\u0000'))).toBe('body');
  });

  it('the contact form answers with the field and stores nothing', async () => {
    const tenant = await makeTenant(fx.db);
    const good = { name: 'Dana', email: 'dana@customer.test', subject: 'Help', message: 'My order never arrived, please check.' };
    for (const [field, value] of [
      ['message', 'My order\u0000 never arrived.'],
      ['subject', `Help ${LONE_HIGH}`],
      ['name', `Da${LONE_LOW}na`],
    ] as const) {
      const error = await submitContactForm(fx.db, tenant.slug, { ...good, [field]: value }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(await fx.db.ticket.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect((await submitContactForm(fx.db, tenant.slug, good)).ticketNumber).toBe(1);
  });
});

describe('v1 API inputs', () => {
  it('refuse unknown fields, naming the field', () => {
    const ticket = { subject: 'Hi', bodyText: 'hello', customer: { email: 'a@customer.test' } };
    expect(() => apiCreateTicketInput.parse(ticket)).not.toThrow();
    expect(fieldOf(() => apiCreateTicketInput.parse({ ...ticket, priorty: 'HIGH' }))).toBe('priorty');
    expect(fieldOf(() => apiCreateTicketInput.parse({ ...ticket, channel: 'EMAIL' }))).toBe('channel');
    expect(fieldOf(() => apiCreateTicketInput.parse({ ...ticket, customer: { email: 'a@customer.test', vip: true } }))).toBe(
      'customer.vip',
    );
    expect(fieldOf(() => apiAddMessageInput.parse({ kind: 'NOTE', bodyText: 'x', attachments: [] }))).toBe('attachments');
    expect(fieldOf(() => ticketListQuery.parse({ limit: '10', sort: 'oldest' }))).toBe('sort');
  });

  it('out-of-range cursors, offsets and ticket numbers are 400s (or 404 for a page), never a database error', async () => {
    const tenant = await makeTenant(fx.db);
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    await expect(listTicketResources(fx.db, tenant.id, { cursor: 'abc\u0000' })).rejects.toMatchObject({ status: 400, field: 'cursor' });
    await expect(listTicketResources(fx.db, tenant.id, { limit: '1e9' })).rejects.toMatchObject({ status: 400, field: 'limit' });
    await expect(listCustomers(fx.db, tenant.id, { cursor: encode(['-200000-01-01T00:00:00.000Z', 'abc']) })).rejects.toMatchObject({
      status: 400,
      field: 'cursor',
    });
    await expect(listCustomers(fx.db, tenant.id, { cursor: encode(['2026-01-01T00:00:00.000Z', 'a\u0000b']) })).rejects.toMatchObject({
      status: 400,
      field: 'cursor',
    });
    await expect(
      listTickets(fx.db, tenant.id, {}, 'updated_desc', encode(['updated_desc', '-200000-01-01T00:00:00.000Z', 'abc'])),
    ).rejects.toMatchObject({ status: 400, field: 'cursor' });
    await expect(
      listTickets(fx.db, tenant.id, {}, 'updated_desc', encode(['updated_desc', '2026-01-01T00:00:00.000Z', 'x'.repeat(5000)])),
    ).rejects.toMatchObject({ status: 400, field: 'cursor' });
    await expect(searchTickets(fx.db, tenant.id, 'refund', {}, { offset: 1e15 })).rejects.toMatchObject({ status: 400, field: 'offset' });
    await expect(searchTickets(fx.db, tenant.id, 'refund', {}, { offset: -1 })).rejects.toMatchObject({ status: 400, field: 'offset' });
    await expect(getTicketDetail(fx.db, tenant.id, 99_999_999_999)).rejects.toMatchObject({ status: 404 });
  });
});
