import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../src/errors';
import {
  CAPABILITIES,
  can,
  isPlatformAdmin,
  requireCapability,
  requirePlatformAdmin,
  roleCan,
  rolesWith,
  type Capability,
} from '../src/permissions';
import type { Role } from '../src/generated/enums';

// The policy written out by hand: a change to the table must change this test too.
const EXPECTED: Record<Capability, Role[]> = {
  'tickets.view': ['OWNER', 'ADMIN', 'AGENT'],
  'tickets.reply': ['OWNER', 'ADMIN', 'AGENT'],
  'tickets.update': ['OWNER', 'ADMIN', 'AGENT'],
  'customers.edit': ['OWNER', 'ADMIN', 'AGENT'],
  'knowledge.edit': ['OWNER', 'ADMIN', 'AGENT'],
  'ai.review': ['OWNER', 'ADMIN', 'AGENT'],
  'billing.view': ['OWNER', 'ADMIN', 'BILLING_VIEWER'],
  'reports.view': ['OWNER', 'ADMIN'],
  'admin.settings': ['OWNER', 'ADMIN'],
  'admin.members': ['OWNER', 'ADMIN'],
  'admin.apiKeys': ['OWNER', 'ADMIN'],
  'admin.owners': ['OWNER'],
  'notifications.view': ['OWNER', 'ADMIN', 'AGENT', 'BILLING_VIEWER'],
};
const ROLES: Role[] = ['OWNER', 'ADMIN', 'AGENT', 'BILLING_VIEWER'];

describe('permission policy: role × capability', () => {
  it('lists every capability once', () => {
    expect([...CAPABILITIES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const capability of CAPABILITIES) {
    it(`${capability}: ${EXPECTED[capability].join(', ')}`, () => {
      for (const role of ROLES) {
        expect(roleCan(role, capability), `${role} ${capability}`).toBe(EXPECTED[capability].includes(role));
        expect(can({ type: 'USER', role }, capability)).toBe(EXPECTED[capability].includes(role));
      }
      expect(rolesWith(capability)).toEqual(EXPECTED[capability]);
    });
  }

  it('the system may do everything, an API key ticket work only, a customer or a role-less user nothing', () => {
    for (const capability of CAPABILITIES) expect(can({ type: 'SYSTEM' }, capability)).toBe(true);
    expect(CAPABILITIES.filter((c) => can({ type: 'API_KEY' }, c))).toEqual([
      'tickets.view',
      'tickets.reply',
      'tickets.update',
      'customers.edit',
    ]);
    expect(CAPABILITIES.filter((c) => can({ type: 'CUSTOMER' }, c))).toEqual([]);
    expect(CAPABILITIES.filter((c) => can({ type: 'USER' }, c))).toEqual([]);
  });

  it('requireCapability throws ForbiddenError (403) with the domain’s message', () => {
    expect(() => requireCapability({ type: 'USER', role: 'AGENT' }, 'admin.settings', 'Only admins can change prices')).toThrow(
      ForbiddenError,
    );
    expect(() => requireCapability({ type: 'USER', role: 'AGENT' }, 'admin.settings', 'Only admins can change prices')).toThrow(
      'Only admins can change prices',
    );
    expect(() => requireCapability({ type: 'USER', role: 'ADMIN' }, 'admin.settings')).not.toThrow();
  });

  it('platform administration is the user flag, not a tenant role', () => {
    expect(isPlatformAdmin({ platformAdmin: true })).toBe(true);
    expect(isPlatformAdmin({ platformAdmin: false })).toBe(false);
    expect(isPlatformAdmin(null)).toBe(false);
    expect(() => requirePlatformAdmin({ platformAdmin: false })).toThrow(ForbiddenError);
    expect(() => requirePlatformAdmin({ platformAdmin: true })).not.toThrow();
  });
});
