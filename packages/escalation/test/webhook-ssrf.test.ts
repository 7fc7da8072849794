import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ValidationError, type Actor } from '@helpdesk/db';
import { reserve, settle } from '../src/budget';
import { deliverBudgetAlert, listBudgetAlertDeliveries, SIGNATURE_HEADER } from '../src/budget-alert';
import { getPolicy, savePolicy, type PolicyInput } from '../src/policy';
import { checkWebhookTarget, UnsafeWebhookUrlError, type Resolver } from '../src/webhook-target';
import { makeTenant } from './fixtures';
import { useTestDb } from './world';

const w = useTestDb({ prices: true });

/** A DNS server in a function: each name answers from its list of answers, one per lookup, the last one repeating. */
function scriptedResolver(answers: Record<string, string[][]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const list = answers[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    const seen = calls.filter((h) => h === host).length;
    return list[Math.min(seen, list.length) - 1]!;
  };
  return Object.assign(resolve, { calls });
}

interface Recorder {
  server: Server;
  port: number;
  requests: { url: string; signature?: string }[];
}

async function recorder(answer: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(204).end()): Promise<Recorder> {
  const requests: Recorder['requests'] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ url: req.url ?? '', signature: req.headers[SIGNATURE_HEADER] as string | undefined });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

async function tenantWithAlert(url: string) {
  const tenant = await makeTenant(w.db);
  await w.db.escalationPolicy.create({ data: { tenantId: tenant.id, categories: [], autoSendCategories: [], monthlyBudgetMicros: 100n } });
  // Stored straight into the row, as a URL saved before the check existed (or by a rebinding name) would be.
  await w.db.tenant.update({ where: { id: tenant.id }, data: { alertWebhookUrl: url, alertWebhookSecret: 'a-webhook-secret-of-length' } });
  // Reservation keys are job keys, unique across tenants.
  await reserve(w.db, tenant.id, `alert-${tenant.id}`, 100n);
  await settle(w.db, tenant.id, `alert-${tenant.id}`, 100n);
  const alert = await w.db.budgetAlert.findFirstOrThrow({ where: { tenantId: tenant.id, threshold: 100 } });
  return { tenant, alert };
}

const PUBLIC = '93.184.216.34';

describe('webhook targets', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://[::1]:6379/', 'loopback'],
    ['http://0x7f000001:6379/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://127.1:6379/', 'loopback'],
    ['http://127.0.0.1:6379/', 'loopback'],
    ['http://0.0.0.0:3000/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://10.0.0.5/hook', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/', 'linkLocal'],
    ['http://[fd00:ec2::254]/', 'uniqueLocal'],
    ['http://[fe80::1]/', 'linkLocal'],
    ['http://100.100.100.200/', 'carrierGradeNat'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'rfc6052'],
  ])('refuses %s (a %s address) without resolving anything', async (url, range) => {
    const resolve = scriptedResolver({});
    const error = await checkWebhookTarget(url, { resolve, allowedPrivateHosts: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeWebhookUrlError);
    expect((error as Error).message).toContain(`a ${range} address`);
    expect(resolve.calls).toEqual([]);
  });

  it('refuses a name when any of its addresses is private, and accepts a public one', async () => {
    const resolve = scriptedResolver({
      'metadata.attacker.test': [['169.254.169.254']],
      'mixed.attacker.test': [[PUBLIC, '10.0.0.1']],
      'hooks.example.test': [[PUBLIC, '2606:2800:220:1::']],
    });
    await expect(checkWebhookTarget('http://metadata.attacker.test/', { resolve, allowedPrivateHosts: [] })).rejects.toThrow(
      /resolved to 169\.254\.169\.254, a linkLocal address/,
    );
    await expect(checkWebhookTarget('https://mixed.attacker.test/', { resolve, allowedPrivateHosts: [] })).rejects.toThrow(
      /resolved to 10\.0\.0\.1/,
    );
    await expect(checkWebhookTarget('https://nowhere.attacker.test/', { resolve, allowedPrivateHosts: [] })).rejects.toThrow(
      /does not resolve \(ENOTFOUND\)/,
    );
    await expect(checkWebhookTarget('https://hooks.example.test/budget', { resolve, allowedPrivateHosts: [] })).resolves.toMatchObject({
      addresses: [PUBLIC, '2606:2800:220:1::'],
    });
  });

  it('lets a named self-hosting host resolve to a private address, but never to link-local metadata', async () => {
    const resolve = scriptedResolver({ 'alerts.internal': [['10.0.0.5']], 'meta.internal': [['169.254.169.254']] });
    const allowedPrivateHosts = ['alerts.internal', 'meta.internal'];
    await expect(checkWebhookTarget('http://alerts.internal/hook', { resolve, allowedPrivateHosts })).resolves.toMatchObject({
      addresses: ['10.0.0.5'],
    });
    await expect(checkWebhookTarget('http://alerts.internal/hook', { resolve, allowedPrivateHosts: [] })).rejects.toThrow(
      /WEBHOOK_ALLOWED_PRIVATE_HOSTS/,
    );
    await expect(checkWebhookTarget('http://meta.internal/', { resolve, allowedPrivateHosts })).rejects.toThrow(/linkLocal/);
  });
});

describe('saving the alert webhook', () => {
  async function setup() {
    const tenant = await makeTenant(w.db);
    const admin: Actor = { type: 'USER', id: null, tenantId: tenant.id, role: 'ADMIN' };
    const input: PolicyInput = { ...(await getPolicy(w.db, tenant.id)), monthlyBudgetMicros: 1_000_000n, alertWebhookUrl: null };
    return { tenant, admin, input };
  }

  it('refuses internal addresses naming alertWebhookUrl and stores nothing', async () => {
    const { tenant, admin, input } = await setup();
    const resolve = scriptedResolver({ 'metadata.attacker.test': [['169.254.169.254']] });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/iam/',
      'http://[::1]:6379/',
      'http://0x7f000001:6379/',
      'http://metadata.attacker.test/',
    ]) {
      const error = await savePolicy(
        w.db,
        admin,
        { ...input, alertWebhookUrl: url },
        { webhook: { resolve, allowedPrivateHosts: [] } },
      ).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('alertWebhookUrl');
      expect((error as ValidationError).status).toBe(400);
    }
    expect((await w.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).alertWebhookUrl).toBeNull();
  });

  it('saves a public URL', async () => {
    const { tenant, admin, input } = await setup();
    const resolve = scriptedResolver({ 'hooks.example.test': [[PUBLIC]] });
    await savePolicy(
      w.db,
      admin,
      { ...input, alertWebhookUrl: 'https://hooks.example.test/budget' },
      { webhook: { resolve, allowedPrivateHosts: [] } },
    );
    expect((await w.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).alertWebhookUrl).toBe('https://hooks.example.test/budget');
  });
});

describe('delivering a budget alert', () => {
  it('checks again at delivery: a name that resolved publicly when saved and privately now (DNS rebinding) gets no request', async () => {
    const target = await recorder();
    const resolve = scriptedResolver({ 'rebind.attacker.test': [[PUBLIC], ['127.0.0.1']] });
    const { tenant, alert } = await tenantWithAlert('http://placeholder.invalid/');
    const admin: Actor = { type: 'USER', id: null, tenantId: tenant.id, role: 'ADMIN' };
    const url = `http://rebind.attacker.test:${target.port}/hook`;
    await savePolicy(
      w.db,
      admin,
      { ...(await getPolicy(w.db, tenant.id)), alertWebhookUrl: url },
      { webhook: { resolve, allowedPrivateHosts: [] } },
    );

    const status = await deliverBudgetAlert(w.db, alert.id, { tenantId: tenant.id, resolve, allowedPrivateHosts: [] });
    target.server.close();
    expect(status).toMatch(/^refused: rebind\.attacker\.test is resolved to 127\.0\.0\.1, a loopback address/);
    expect(resolve.calls).toEqual(['rebind.attacker.test', 'rebind.attacker.test']);
    expect(target.requests).toEqual([]);
    // The admins' escalation page lists this outcome.
    const listed = await listBudgetAlertDeliveries(w.db, tenant.id);
    expect(listed.find((d) => d.id === alert.id)).toMatchObject({ threshold: 100, webhookStatus: status });
    expect(listed.filter((d) => d.id !== alert.id).map((d) => d.webhookStatus)).toEqual([null, null]);
  });

  it('refuses a stored URL that spells loopback in hex, sending nothing', async () => {
    const target = await recorder();
    const { tenant, alert } = await tenantWithAlert(`http://0x7f000001:${target.port}/hook`);
    const status = await deliverBudgetAlert(w.db, alert.id, { tenantId: tenant.id, allowedPrivateHosts: [] });
    target.server.close();
    expect(status).toMatch(/^refused: 127\.0\.0\.1 is a loopback address/);
    expect(target.requests).toEqual([]);
  });

  it('connects to the checked address only and never follows a redirect with the signature', async () => {
    const elsewhere = await recorder();
    const hook = await recorder((res) => res.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/latest/meta-data/` }).end());
    // The name exists only in our resolver: reaching the hook at all proves the connection used the checked address.
    const resolve = scriptedResolver({ 'hooks.internal.test': [['127.0.0.1']] });
    const { tenant, alert } = await tenantWithAlert(`http://hooks.internal.test:${hook.port}/hook`);

    await expect(
      deliverBudgetAlert(w.db, alert.id, { tenantId: tenant.id, resolve, allowedPrivateHosts: ['hooks.internal.test'] }),
    ).rejects.toThrow(/not followed/);
    hook.server.close();
    elsewhere.server.close();
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]!.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(elsewhere.requests).toEqual([]);
    expect((await w.db.budgetAlert.findFirstOrThrow({ where: { id: alert.id, tenantId: tenant.id } })).webhookStatus).toBe(
      `failed 302: redirect to http://127.0.0.1:${elsewhere.port}/latest/meta-data/ not followed`,
    );
  });
});
