import { roleCan, type Capability } from '@helpdesk/core/permissions';
import type { Role } from '@helpdesk/db';

export interface NavItem {
  href: string;
  label: string;
  /** Shown to the roles holding this capability (the page itself requires it too). */
  can: Capability;
}

/** Billing viewers see billing only; agents see the support work but not admin or billing. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/inbox', label: 'Inbox', can: 'tickets.view' },
  { href: '/knowledge', label: 'Knowledge base', can: 'knowledge.edit' },
  { href: '/ai', label: 'AI', can: 'ai.review' },
  { href: '/reports', label: 'Reports', can: 'reports.view' },
  { href: '/billing', label: 'Billing', can: 'billing.view' },
  { href: '/admin', label: 'Admin', can: 'admin.settings' },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => roleCan(role, item.can));
}

export { ROLE_LABEL as ROLE_LABELS } from '@helpdesk/core/labels';
