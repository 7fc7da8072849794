import type { Role } from '@helpdesk/db';

export interface NavItem {
  href: string;
  label: string;
  roles: readonly Role[];
}

/** Billing viewers see billing only; agents see the support work but not admin or billing. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/inbox', label: 'Inbox', roles: ['OWNER', 'ADMIN', 'AGENT'] },
  { href: '/knowledge', label: 'Knowledge base', roles: ['OWNER', 'ADMIN', 'AGENT'] },
  { href: '/ai', label: 'AI', roles: ['OWNER', 'ADMIN', 'AGENT'] },
  { href: '/billing', label: 'Billing', roles: ['OWNER', 'ADMIN', 'BILLING_VIEWER'] },
  { href: '/admin', label: 'Admin', roles: ['OWNER', 'ADMIN'] },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  AGENT: 'Agent',
  BILLING_VIEWER: 'Billing viewer',
};
