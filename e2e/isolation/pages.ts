import {
  ADMIN_ONLY,
  AGENTS_ONLY,
  answers,
  MEMBERS,
  NOT_BILLING,
  ownPage,
  page,
  pageDenied,
  publicPage,
  rowPage,
  signedOut,
  type Case,
} from './cases';

/** The pages' cases, keyed by their path as e2e/helpers/app-surface.ts names them. */
export const PAGE_CASES: Record<string, Case> = {
  // Public pages: what a visitor gets, searched for the victim's markers like every answer.
  '/': page(
    'public',
    [{ as: 'anon', what: 'visitor', expect: { signIn: true }, path: () => '/' }],
    [],
    'sends a visitor to sign in and a member to their home',
  ),
  '/signin': publicPage('/signin', 'sign-in form'),
  '/signup': publicPage('/signup', 'sign-up form'),
  '/invite/[token]': page(
    'public',
    [
      answers('anon', 'holder of the victim’s invitation sees its email only', 200, {
        path: (c) => `/invite/${c.v.invitation.token}`,
        allow: (c) => [c.v.invitation.email],
      }),
      answers('owner', 'Acme owner with a made-up token', 200, { path: () => '/invite/not-a-real-token-0000000000000000000000000000' }),
    ],
    [],
    'the token is the credential: its holder sees the workspace and the invited email, nothing else',
  ),
  '/contact/[slug]': page(
    'public',
    [
      answers('anon', 'victim’s public form', 200, { path: (c) => `/contact/${c.v.slug}` }),
      answers('anon', 'unknown workspace', 404, { path: () => '/contact/no-such-workspace' }),
    ],
    [],
    'any workspace’s public form shows its name only',
  ),
  '/reset-password': publicPage('/reset-password', 'request form'),
  '/reset-password/[token]': publicPage(
    '/reset-password/not-a-real-reset-token-000000000000',
    'made-up token',
    200,
    'the token is the credential; a made-up one shows the expired notice',
  ),
  '/signup/confirm/[token]': publicPage(
    '/signup/confirm/not-a-real-signup-token-000000000000',
    'made-up token',
    200,
    'the token is the credential',
  ),

  // The signed-in user's own pages: nothing of a tenant to swap.
  '/account/security': page(
    'session',
    [answers('owner', 'own security page', 200, { path: () => '/account/security' })],
    signedOut({ path: () => '/account/security' }),
    'the signed-in user’s own sign-in settings; no id to swap',
  ),
  '/account/workspaces': page(
    'session',
    [answers('owner', 'own workspace list', 200, { path: () => '/account/workspaces' })],
    signedOut({ path: () => '/account/workspaces' }),
    'the signed-in user’s own workspaces; no id to swap',
  ),

  // The session tenant's pages: Acme reads its own, the roles without the right are refused.
  '/admin': ownPage('/admin', 'owner', 'admin home', ADMIN_ONLY),
  '/admin/api-keys': ownPage('/admin/api-keys', 'admin', 'key list', ADMIN_ONLY),
  '/admin/channels': ownPage('/admin/channels', 'admin', 'channels', ADMIN_ONLY),
  '/admin/escalation': ownPage('/admin/escalation', 'admin', 'policy', ADMIN_ONLY),
  '/admin/helpdesk': ownPage('/admin/helpdesk', 'admin', 'macros, SLA, views', ADMIN_ONLY),
  '/admin/members': ownPage('/admin/members', 'owner', 'members', ADMIN_ONLY),
  '/admin/prices': ownPage('/admin/prices', 'admin', 'prices', ADMIN_ONLY, 'session tenant and platform prices'),
  '/admin/triage': ownPage('/admin/triage', 'admin', 'taxonomy and versions', ADMIN_ONLY),
  '/admin/tags': ownPage('/admin/tags', 'admin', 'tags with counts', ADMIN_ONLY),
  '/admin/groups': ownPage('/admin/groups', 'admin', 'groups and members', ADMIN_ONLY),
  '/admin/macros/[id]': rowPage('admin', 'victim macro', (_c, t) => `/admin/macros/${t.macro.id}`, ADMIN_ONLY),
  '/inbox/views': ownPage('/inbox/views', 'agent', 'view builder', AGENTS_ONLY, 'the viewer’s own views in the session tenant'),
  '/ai': ownPage('/ai', 'agent', 'AI overview', AGENTS_ONLY),
  '/reports': ownPage('/reports', 'owner', 'leads’ reports', ADMIN_ONLY, 'session tenant only; the victim has tickets in the same days'),
  '/billing': ownPage('/billing', 'billing', 'spend report', NOT_BILLING, 'session tenant only; the victim spent in the same days'),
  '/billing/platform': page(
    'session',
    [],
    pageDenied(() => '/billing/platform', MEMBERS),
    'all tenants’ spend, for platform admins only (no demo user is one)',
  ),
  '/billing/statement/[month]': page(
    'session',
    [answers('billing', 'statement of a month with victim spend', 200, { path: (c) => `/billing/statement/${c.v.month}` })],
    pageDenied((c) => `/billing/statement/${c.v.month}`, NOT_BILLING),
    'the month of the session tenant; the victim spent in that month',
  ),
  '/notifications': ownPage(
    '/notifications',
    'owner',
    'notification list while the victim has an unread alert',
    [],
    'the session tenant’s notifications; the victim has an unread budget alert',
  ),
  '/customers': page(
    'session',
    [
      answers('agent', 'search for the victim customer’s email', 200, {
        path: (c) => `/customers?q=${encodeURIComponent(c.v.customer.email)}`,
      }),
    ],
    pageDenied(() => '/customers', AGENTS_ONLY),
    'session tenant only',
  ),
  '/customers/[id]': rowPage('agent', 'victim customer', (_c, t) => `/customers/${t.customer.id}`, AGENTS_ONLY),
  '/inbox': page(
    'session',
    [
      answers('agent', 'the victim’s shared view', 200, { path: (c) => `/inbox?view=${c.v.view.id}` }),
      answers('agent', 'search for the victim’s subject', 200, { path: (c) => `/inbox?q=${c.v.ticket.subject}` }),
    ],
    pageDenied(() => '/inbox', AGENTS_ONLY),
    'a foreign view id falls back to the default view',
  ),
  '/knowledge': ownPage('/knowledge', 'agent', 'article list', AGENTS_ONLY),
  '/knowledge/[id]': rowPage('agent', 'victim article', (_c, t) => `/knowledge/${t.article.id}`, AGENTS_ONLY),
  '/knowledge/new': ownPage('/knowledge/new', 'agent', 'new article form', AGENTS_ONLY, 'an empty form'),
  '/tickets/[number]': rowPage(
    'agent',
    'victim ticket number',
    (_c, t) => `/tickets/${t.ticket.number}`,
    AGENTS_ONLY,
    'numbers are per tenant: the victim’s number does not exist in Acme',
  ),
};
