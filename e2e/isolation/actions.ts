import {
  action,
  actionDenied,
  AGENTS_ONLY,
  answers,
  form,
  invalidInput,
  NOT_FOUND,
  refused,
  rowAction,
  selfAction,
  signedOut,
  withState,
  type Case,
  type Ctx,
} from './cases';

/**
 * The server actions outside the admin pages (sign-up and tokens, the own account, tickets, inbox, knowledge, AI),
 * keyed `file#export` as e2e/helpers/app-surface.ts names them.
 */

/** A public action whose credential is a token or a form of any workspace: a visitor's bad input is refused. */
const publicAction = (
  what: string,
  pattern: RegExp,
  call: { args: (c: Ctx) => unknown[]; page?: (c: Ctx) => string },
  note: string,
): Case => action('public', [refused('anon', what, pattern, call)], [], note);

const MADE_UP = /expired|invalid|not valid|not found|used/i;
const wrongPassword = () => [form({ password: 'not-the-password-1' })];
const ticketUpdate = (t: { ticket: { id: string; number: number } }) =>
  withState({
    ticketId: t.ticket.id,
    number: String(t.ticket.number),
    assigneeId: '',
    groupId: '',
    categoryKey: '',
    status: 'SOLVED',
    priority: 'LOW',
    tags: '',
  });
const note = (t: { ticket: { id: string; number: number } }) =>
  withState({ ticketId: t.ticket.id, number: String(t.ticket.number), kind: 'NOTE', bodyText: 'isolation probe' });
const retryDelivery = (c: Ctx) => [form({ messageId: `iso_message_${c.v.tag}`, number: String(c.a.ticket.number) })];

export const ACTION_CASES: Record<string, Case> = {
  // Sign-up, invitations, password resets and the contact form ------------------------------------------------------
  'app/(auth)/signup/actions.ts#signUpAction': publicAction(
    'sign-up with the victim owner’s email',
    /10 characters/,
    { args: (c) => [form({ tenantName: 'Probe', name: 'Probe', email: `victim-owner-${c.v.tag}@victim.test`, password: 'short' })] },
    'creates a new tenant; called with a too-short password so nothing is written',
  ),
  'app/(auth)/invite/[token]/actions.ts#acceptInvitationAction': publicAction(
    'a made-up token',
    /not valid|expired|not found|invalid/i,
    {
      args: () => [form({ token: 'not-a-real-token-0000000000000000000000000000', name: 'Probe Person', password: 'probe-password-123' })],
    },
    'the token is the credential',
  ),
  'app/contact/[slug]/actions.ts#submitContact': publicAction(
    'victim slug, no email',
    /email/i,
    {
      args: (c) => [c.v.slug, ...withState({ name: 'Probe', email: '', subject: 'x', message: 'x', website: '' })],
      page: (c) => `/contact/${c.v.slug}`,
    },
    'public form of any workspace; an incomplete form so no ticket is filed',
  ),
  'app/(auth)/reset-password/actions.ts#requestResetAction': publicAction(
    'malformed address',
    /email/i,
    { args: () => [form({ email: 'not-an-email' })], page: () => '/reset-password' },
    'answers alike whether or not the address has an account; a malformed address so no mail is sent',
  ),
  'app/(auth)/reset-password/actions.ts#resetPasswordAction': publicAction(
    'made-up token',
    MADE_UP,
    {
      args: () => [form({ token: 'not-a-real-reset-token-000000000000', password: 'a-long-enough-password-1' })],
      page: () => '/reset-password',
    },
    'the token is the credential',
  ),
  'app/(auth)/signup/confirm/[token]/actions.ts#confirmSignUpAction': publicAction(
    'made-up token',
    MADE_UP,
    {
      args: () => withState({ token: 'not-a-real-signup-token-000000000000' }),
      page: () => '/signup/confirm/not-a-real-signup-token-000000000000',
    },
    'the token is the credential',
  ),

  // The signed-in user's own account ----------------------------------------------------------------------------------
  'app/account/security/actions.ts#beginEnrolmentAction': selfAction(
    [],
    () => [],
    'acts on the signed-in user only (takes no id); not called signed in, as it would start an enrolment',
  ),
  'app/account/security/actions.ts#confirmEnrolmentAction': selfAction(
    [refused('agent', 'wrong code', /code|enrol|start/i, { args: () => [form({ code: '000000' })] })],
    () => [form({ code: '000000' })],
    'acts on the signed-in user only; a wrong code changes nothing',
  ),
  'app/account/security/actions.ts#regenerateCodesAction': selfAction(
    [refused('agent', 'wrong password', /password|two-factor/i, { args: wrongPassword })],
    wrongPassword,
    'acts on the signed-in user only; a wrong password changes nothing',
  ),
  'app/account/security/actions.ts#disableTwoFactorAction': selfAction(
    [refused('agent', 'wrong password', /password|two-factor/i, { args: wrongPassword })],
    wrongPassword,
    'acts on the signed-in user only; a wrong password changes nothing',
  ),
  'app/account/security/actions.ts#endOtherSessionsAction': selfAction(
    [answers('billing', 'own other sessions', 200, { args: () => [] })],
    () => [],
    'ends the signed-in user’s other sessions and keeps this one; takes no id',
  ),
  'app/account/security/actions.ts#setRequirementAction': action(
    'session',
    [refused('owner', 'turn on without an own second factor', /two-factor/i, { args: () => [form({ required: 'on' })] })],
    [
      refused('agent', 'agent changes the workspace rule', /owners and admins/i, { args: () => [form({ required: 'on' })] }),
      refused('billing', 'billing viewer changes the workspace rule', /owners and admins/i, { args: () => [form({ required: 'on' })] }),
      ...signedOut({ args: () => [form({ required: 'on' })] }),
    ],
    'the session tenant’s rule; turning it on needs the owner’s own second factor, so nothing is written',
  ),
  'app/account/workspaces/actions.ts#createWorkspaceAction': selfAction(
    [refused('agent', 'too short a name', /at least 2/, { args: () => withState({ tenantName: 'x' }) })],
    () => withState({ tenantName: 'Probe workspace' }),
    'creates a workspace owned by the signed-in user (takes no id); a one-letter name so nothing is written',
  ),

  // Support work: notifications, AI jobs, the inbox, views, knowledge, tickets, the AI panel ------------------------------
  'app/(app)/notifications/actions.ts#markNotificationsReadAction': rowAction(
    'owner',
    'victim’s notification',
    (c) => withState({ id: c.v.notification.id }),
    [],
  ),
  'app/(app)/ai/actions.ts#retryJobAction': rowAction(
    'agent',
    'victim’s AI job',
    (c) => withState({ queue: c.v.job.queue, jobId: c.v.job.id }),
    AGENTS_ONLY,
  ),
  'app/(app)/inbox/actions.ts#bulkUpdateAction': action(
    'session',
    [
      refused('agent', 'victim ticket alone', NOT_FOUND, {
        args: (c) => [[c.v.ticket.id], { assigneeId: '', status: 'SOLVED', addTag: '' }],
      }),
      refused('agent', 'own ticket and the victim’s together: all or nothing', NOT_FOUND, {
        args: (c) => [[c.a.ticket.id, c.v.ticket.id], { assigneeId: '', status: '', addTag: 'isolation-probe' }],
      }),
    ],
    actionDenied((c) => [[c.a.ticket.id], { assigneeId: '', status: 'SOLVED', addTag: '' }], AGENTS_ONLY),
  ),
  'app/(app)/inbox/views/actions.ts#saveViewAction': invalidInput(
    'agent',
    'filters on the victim’s group and assignee',
    /name/i,
    (c) =>
      withState({
        name: '',
        groupId: c.v.group.id,
        assigneeId: c.v.userId,
        categoryId: '',
        tag: '',
        sort: 'updated_desc',
        tenantId: c.v.tenantId,
      }),
    () => withState({ name: 'probe', groupId: '', assigneeId: '', categoryId: '', tag: '', sort: 'updated_desc' }),
    AGENTS_ONLY,
    'saves in the session tenant for the viewer; no name, so nothing is written',
  ),
  'app/(app)/inbox/views/actions.ts#deleteMyViewAction': rowAction(
    'agent',
    'victim’s view',
    (c) => withState({ viewId: c.v.view.id }),
    AGENTS_ONLY,
  ),
  'app/(app)/knowledge/actions.ts#createArticleAction': invalidInput(
    'agent',
    'victim tenantId in the form',
    /required/,
    (c) => withState({ title: '', bodyMarkdown: 'x', tenantId: c.v.tenantId }),
    () => withState({ title: 'probe', bodyMarkdown: 'x' }),
    AGENTS_ONLY,
    'creates in the session tenant; no title so nothing is written',
  ),
  'app/(app)/knowledge/actions.ts#updateArticleAction': action(
    'session',
    [
      refused('agent', 'victim’s article', NOT_FOUND, {
        args: (c) => withState({ id: c.v.article.id, title: 'overwritten', bodyMarkdown: 'x', version: '1' }),
      }),
    ],
    actionDenied(
      (c) => withState({ id: c.a.article.id, title: 'overwritten', bodyMarkdown: 'x', version: String(c.a.article.version) }),
      AGENTS_ONLY,
    ),
  ),
  'app/(app)/knowledge/actions.ts#deleteArticleAction': rowAction(
    'agent',
    'victim’s article',
    (_c, t) => withState({ id: t.article.id }),
    AGENTS_ONLY,
    'acme',
  ),
  'app/(app)/tickets/[number]/actions.ts#sendMessageAction': action(
    'session',
    [
      refused('agent', 'note on the victim ticket', NOT_FOUND, { args: (c) => note(c.v) }),
      refused('agent', 'victim’s draft sent from the composer', NOT_FOUND, {
        args: (c) =>
          withState({
            ticketId: c.a.ticket.id,
            number: String(c.a.ticket.number),
            kind: 'REPLY',
            bodyHtml: '<p>isolation probe</p>',
            draftId: c.v.draft.id,
          }),
      }),
    ],
    actionDenied((c) => note(c.a), AGENTS_ONLY),
  ),
  'app/(app)/tickets/[number]/actions.ts#updateTicketAction': rowAction(
    'agent',
    'victim ticket',
    (_c, t) => ticketUpdate(t),
    AGENTS_ONLY,
    'acme',
  ),
  'app/(app)/tickets/[number]/actions.ts#applyMacroAction': action(
    'session',
    [
      refused('agent', 'victim’s macro on an Acme ticket', NOT_FOUND, { args: (c) => [c.a.ticket.id, c.v.macro.id, c.a.ticket.number] }),
      refused('agent', 'Acme’s macro on the victim ticket', NOT_FOUND, { args: (c) => [c.v.ticket.id, c.a.macro.id, c.v.ticket.number] }),
    ],
    actionDenied((c) => [c.a.ticket.id, c.a.macro.id, c.a.ticket.number], AGENTS_ONLY),
  ),
  'app/(app)/tickets/[number]/actions.ts#solveTicketAction': rowAction(
    'agent',
    'victim ticket',
    (_c, t) => [t.ticket.id, t.ticket.number],
    AGENTS_ONLY,
    'acme',
  ),
  'app/(app)/tickets/[number]/actions.ts#retryDeliveryAction': action(
    'session',
    [answers('agent', 'a message of the victim tenant', 404, { args: retryDelivery })],
    actionDenied(retryDelivery, AGENTS_ONLY),
  ),
  'components/ai/actions.ts#correctTriageAction': rowAction(
    'agent',
    'victim ticket',
    (_c, t) => withState({ ticketId: t.ticket.id, field: 'priority', value: 'LOW' }),
    AGENTS_ONLY,
    'acme',
  ),
  'components/ai/panel-action.tsx#aiPanelAction': rowAction(
    'agent',
    'victim ticket’s AI panel',
    (_c, t) => [t.ticket.id],
    AGENTS_ONLY,
    'acme',
  ),
  'components/ai/actions.ts#approveDraftAction': action(
    'session',
    [refused('agent', 'victim’s draft', NOT_FOUND, { args: (c) => withState({ draftId: c.v.draft.id, body: 'sent by Acme' }) })],
    actionDenied((c) => withState({ draftId: c.v.draft.id, body: 'x' }), AGENTS_ONLY),
  ),
  'components/ai/actions.ts#discardDraftAction': rowAction(
    'agent',
    'victim’s draft',
    (c) => withState({ draftId: c.v.draft.id }),
    AGENTS_ONLY,
  ),
};
