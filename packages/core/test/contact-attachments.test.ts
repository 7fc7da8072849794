import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeMember, makeTenant } from '@helpdesk/testkit';
import {
  LocalDiskAttachmentStore,
  addMessage,
  createTicket,
  resolveStorageDir,
  sanitizeMessageHtml,
  submitContactForm,
  updateCustomer,
} from '../src/index';
import { customerActor } from './helpers';
import { REPO_ROOT } from '@helpdesk/config/paths';
import { useTempDir, useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();
const tmp = useTempDir('attach-');

describe('contact form', () => {
  it('creates a WEB_FORM ticket for the tenant named by the slug', async () => {
    const tenant = await makeTenant(fx.db, 'Form Co');
    const { ticketNumber } = await submitContactForm(fx.db, tenant.slug, {
      name: 'Ana',
      email: 'Ana@Example.com',
      subject: 'Question',
      message: 'How do I reset my password?',
    });
    const ticket = await fx.db.ticket.findFirstOrThrow({
      where: { tenantId: tenant.id, number: ticketNumber },
      include: { customer: true },
    });
    expect(ticket).toMatchObject({ channel: 'WEB_FORM', subject: 'Question', status: 'NEW' });
    expect(ticket.customer).toMatchObject({ email: 'ana@example.com', name: 'Ana' });
  });

  it('names the bad field and stores nothing; unknown slugs are 404; bots filling the honeypot are refused', async () => {
    const tenant = await makeTenant(fx.db, 'Form Co 2');
    await expect(
      submitContactForm(fx.db, tenant.slug, { name: 'A', email: 'not-an-email', subject: 'S', message: 'long enough message' }),
    ).rejects.toMatchObject({
      status: 400,
      field: 'email',
    });
    await expect(
      submitContactForm(fx.db, tenant.slug, {
        name: 'A',
        email: 'a@b.test',
        subject: 'S',
        message: 'long enough message',
        website: 'http://spam',
      }),
    ).rejects.toMatchObject({
      status: 400,
      field: 'website',
    });
    await expect(
      submitContactForm(fx.db, 'no-such-tenant', { name: 'A', email: 'a@b.test', subject: 'S', message: 'long enough message' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(await fx.db.ticket.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});

describe('attachments', () => {
  it('stores files by sha256 within the size limit and content-type allowlist', async () => {
    const store = new LocalDiskAttachmentStore(tmp.path, 1000);
    const data = Buffer.from('hello attachment');
    const stored = await store.put('tenant-a', { filename: '../../etc/passwd.txt', contentType: 'text/plain; charset=utf-8', data });
    expect(stored).toMatchObject({
      filename: 'passwd.txt',
      contentType: 'text/plain',
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
    expect((await store.get('tenant-a', stored.storageKey)).equals(data)).toBe(true);
    await expect(store.get('tenant-b', stored.storageKey)).rejects.toMatchObject({ status: 400 });
    await expect(store.put('tenant-a', { filename: 'big.txt', contentType: 'text/plain', data: Buffer.alloc(1001) })).rejects.toMatchObject(
      { status: 413, field: 'attachments' },
    );
    await expect(store.put('tenant-a', { filename: 'x.html', contentType: 'text/html', data })).rejects.toMatchObject({
      status: 415,
      field: 'attachments',
    });
  });

  it('links stored files to a message, refusing another tenant’s files', async () => {
    const tenant = await makeTenant(fx.db);
    const agent = await makeMember(fx.db, tenant.id);
    const store = new LocalDiskAttachmentStore(tmp.path, 1000);
    const ticket = await createTicket(fx.db, customerActor(tenant.id), { subject: 'S', bodyText: 'b', customer: { email: 'f@c.test' } });
    const mine = await store.put(tenant.id, { filename: 'a.png', contentType: 'image/png', data: Buffer.from([137, 80, 78, 71]) });
    const foreign = await store.put('someone-else', { filename: 'b.png', contentType: 'image/png', data: Buffer.from([1, 2, 3]) });
    await expect(
      addMessage(fx.db, agent, { ticketId: ticket.id, kind: 'NOTE', bodyText: 'see', attachments: [foreign] }),
    ).rejects.toMatchObject({ status: 400, field: 'attachments' });
    expect(await fx.db.message.count({ where: { tenantId: tenant.id, kind: 'NOTE' } })).toBe(0);
    const note = await addMessage(fx.db, agent, { ticketId: ticket.id, kind: 'NOTE', bodyText: 'see', attachments: [mine] });
    const files = await fx.db.attachment.findMany({ where: { tenantId: tenant.id, messageId: note.id } });
    expect(files.map((f) => [f.filename, f.size, f.sha256])).toEqual([['a.png', 4, mine.sha256]]);
  });
});

describe('customers and HTML', () => {
  it('updates a customer profile with an audit row naming each change', async () => {
    const tenant = await makeTenant(fx.db);
    const agent = await makeMember(fx.db, tenant.id);
    const ticket = await createTicket(fx.db, customerActor(tenant.id), { subject: 'S', bodyText: 'b', customer: { email: 'n@c.test' } });
    const updated = await updateCustomer(fx.db, agent, ticket.customerId, { name: 'Nia', tags: ['vip'] });
    expect(updated).toMatchObject({ name: 'Nia', tags: ['vip'] });
    const audit = await fx.db.auditLog.findFirstOrThrow({ where: { tenantId: tenant.id, action: 'customer.updated' } });
    expect(audit.changes).toEqual({ name: { from: null, to: 'Nia' }, tags: { from: [], to: ['vip'] } });
    const other = await makeTenant(fx.db);
    await expect(updateCustomer(fx.db, await makeMember(fx.db, other.id), ticket.customerId, { name: 'X' })).rejects.toMatchObject({
      status: 404,
    });
  });

  it('strips scripts, event handlers and javascript: links from stored HTML', () => {
    const clean = sanitizeMessageHtml(
      '<a href="javascript:alert(1)" onclick="x()">a</a><img src="x" onerror="y()"><a href="https://ok.test">ok</a>',
    );
    expect(clean).not.toMatch(/javascript:|onclick|onerror|<script/);
    expect(clean).toContain('<a href="https://ok.test" rel="noopener noreferrer nofollow" target="_blank">ok</a>');
  });
});

describe('storage directory', () => {
  it('resolves a relative STORAGE_DIR against the workspace root from any package directory', () => {
    const fromRoot = resolveStorageDir('.data/attachments', REPO_ROOT);
    const fromWeb = resolveStorageDir('.data/attachments', path.join(REPO_ROOT, 'apps/web'));
    expect(fromWeb).toBe(fromRoot);
    expect(resolveStorageDir('/srv/files')).toBe('/srv/files');
  });
});
