import {
  action,
  actionDenied,
  ADMIN_ONLY,
  answers,
  form,
  invalidInput,
  NOT_FOUND,
  refused,
  rowAction,
  withState,
  type Case,
  type Ctx,
} from './cases';

/** The server actions of the admin pages, keyed `file#export` as e2e/helpers/app-surface.ts names them. */

const policyValues = {
  localOnly: false,
  confidenceThreshold: 0.6,
  escalateOutOfScope: true,
  categories: [],
  minPriority: '',
  negativeSentiment: true,
  vipTag: 'vip',
  retrievalScoreThreshold: '',
  maxQuestions: '3',
  longMessageChars: '2000',
  mediumModel: 'claude-haiku-4-5',
  complexModel: 'claude-sonnet-4-6',
  autoSendCategories: [],
  autoSendConfidence: '0.95',
  monthlyBudgetMicros: '50',
  alertWebhookUrl: '',
  alertWebhookSecret: '',
};

const price = (scope: string) =>
  withState({
    scope,
    model: 'iso-probe-model',
    provider: 'CLOUD',
    inputPerMTok: '1',
    outputPerMTok: '1',
    effectiveFrom: '2030-01-01T00:00',
  });

const macroForm = (c: Ctx) =>
  withState({ macroId: c.v.macro.id, name: 'probe', body: 'x', status: '', priority: '', addTags: '', removeTags: '', assigneeId: '' });
const macroPage = (c: Ctx) => `/admin/macros/${c.a.macro.id}`;

/** Acme's own secret, revealed or rotated: no id to swap, and the victim's must not change. */
const ownSecret = (what: string, note: string): Case =>
  action(
    'session',
    [answers('admin', what, 200, { args: () => [] })],
    actionDenied(() => [], ADMIN_ONLY),
    note,
  );

export const ADMIN_ACTION_CASES: Record<string, Case> = {
  'app/(app)/admin/channels/actions.ts#revealInboundSecretAction': ownSecret('reveal', 'reveals the session tenant’s own secret'),
  'app/(app)/admin/channels/actions.ts#rotateInboundSecretAction': ownSecret(
    'rotate',
    'rotates the session tenant’s own secret (the victim’s must not change)',
  ),
  'app/(app)/admin/api-keys/actions.ts#createApiKeyAction': invalidInput(
    'admin',
    'victim tenantId in the form',
    /scope/,
    (c) => [form({ name: 'probe', tenantId: c.v.tenantId })],
    () => [form({ name: 'probe', scopes: 'tickets:read' })],
    ADMIN_ONLY,
    'creates in the session tenant; no scope picked, so nothing is written',
  ),
  'app/(app)/admin/api-keys/actions.ts#revokeApiKeyAction': rowAction('admin', 'victim’s key', (c) => [c.v.apiKey.id], ADMIN_ONLY),
  'app/(app)/admin/escalation/actions.ts#simulateAction': action(
    'session',
    [
      answers('admin', 'simulation with the victim’s category', 200, {
        args: (c) => [{ ...policyValues, categories: [c.v.category.key] }],
      }),
    ],
    actionDenied(() => [policyValues], ADMIN_ONLY),
    'replays the session tenant’s history; the victim’s category must not count',
  ),
  'app/(app)/admin/escalation/actions.ts#savePolicyAction': invalidInput(
    'admin',
    'invalid budget',
    /dollars/,
    () => [{ ...policyValues, monthlyBudgetMicros: 'lots' }],
    () => [policyValues],
    ADMIN_ONLY,
    'saves the session tenant’s policy; an invalid budget so nothing is written',
  ),
  'app/(app)/admin/helpdesk/actions.ts#createMacroAction': invalidInput(
    'admin',
    'victim tenantId in the form',
    /Enter a name/,
    (c) => withState({ name: '', body: 'x', status: '', priority: '', addTags: '', tenantId: c.v.tenantId }),
    () => withState({ name: 'probe', body: 'x', status: '', priority: '', addTags: '' }),
    ADMIN_ONLY,
    'creates in the session tenant; no name, so nothing is written',
  ),
  'app/(app)/admin/helpdesk/actions.ts#deleteMacroAction': rowAction(
    'admin',
    'victim’s macro',
    (_c, t) => withState({ macroId: t.macro.id }),
    ADMIN_ONLY,
    'acme',
  ),
  'app/(app)/admin/helpdesk/actions.ts#saveSlaAction': invalidInput(
    'admin',
    'invalid minutes',
    /at least 1 minute/,
    () => withState({ priority: 'LOW', firstResponseMinutes: '0', resolutionMinutes: '0' }),
    () => withState({ priority: 'LOW', firstResponseMinutes: '1', resolutionMinutes: '1' }),
    ADMIN_ONLY,
    'the session tenant’s SLA by priority; minutes of 0 so nothing is written',
  ),
  'app/(app)/admin/helpdesk/actions.ts#deleteSlaAction': invalidInput(
    'admin',
    'invalid priority',
    /priority/i,
    () => withState({ priority: 'NOPE' }),
    () => withState({ priority: 'LOW' }),
    ADMIN_ONLY,
    'keyed by priority in the session tenant; an unknown priority so nothing is deleted',
  ),
  'app/(app)/admin/helpdesk/actions.ts#createSharedViewAction': invalidInput(
    'admin',
    'filter on the victim’s assignee',
    /status|invalid/i,
    (c) => withState({ name: 'probe', status: 'NOPE', assigneeId: c.v.userId, tag: '', priority: '' }),
    () => withState({ name: 'probe', status: '', assigneeId: '', tag: '', priority: '' }),
    ADMIN_ONLY,
    'creates in the session tenant; an invalid status so nothing is written',
  ),
  'app/(app)/admin/helpdesk/actions.ts#deleteViewAction': rowAction(
    'admin',
    'victim’s view',
    (c) => withState({ viewId: c.v.view.id }),
    ADMIN_ONLY,
  ),
  'app/(app)/admin/tags/actions.ts#renameTagAction': rowAction(
    'admin',
    'victim’s tag',
    (c) => withState({ tagId: c.v.tag_.id, name: 'probe' }),
    ADMIN_ONLY,
  ),
  'app/(app)/admin/tags/actions.ts#mergeTagAction': rowAction(
    'admin',
    'victim’s tag as the source',
    (c) => withState({ sourceId: c.v.tag_.id, targetId: 'no-such-tag' }),
    ADMIN_ONLY,
  ),
  'app/(app)/admin/tags/actions.ts#deleteTagAction': rowAction(
    'admin',
    'victim’s tag',
    (c) => withState({ tagId: c.v.tag_.id }),
    ADMIN_ONLY,
  ),
  'app/(app)/admin/groups/actions.ts#createGroupAction': invalidInput(
    'admin',
    'victim tenantId in the form',
    /required/,
    (c) => withState({ name: '', tenantId: c.v.tenantId }),
    () => withState({ name: 'probe' }),
    ADMIN_ONLY,
    'creates in the session tenant; no name, so nothing is written',
  ),
  'app/(app)/admin/groups/actions.ts#renameGroupAction': rowAction(
    'admin',
    'victim’s group',
    (c) => withState({ groupId: c.v.group.id, name: 'probe' }),
    ADMIN_ONLY,
  ),
  'app/(app)/admin/groups/actions.ts#setGroupMembersAction': action(
    'session',
    [refused('admin', 'victim’s group', NOT_FOUND, { args: (c) => withState({ groupId: c.v.group.id, userIds: [c.a.agentUserId] }) })],
    actionDenied((c) => withState({ groupId: c.v.group.id, userIds: [] }), ADMIN_ONLY),
  ),
  'app/(app)/admin/groups/actions.ts#deleteGroupAction': rowAction(
    'admin',
    'victim’s group',
    (c) => withState({ groupId: c.v.group.id }),
    ADMIN_ONLY,
  ),
  // Posted from Acme's own macro page, the one page that bundles the action.
  'app/(app)/admin/macros/actions.ts#updateMacroAction': action(
    'session',
    [refused('admin', 'victim’s macro', NOT_FOUND, { page: macroPage, args: macroForm })],
    actionDenied(macroForm, ADMIN_ONLY).map((p) => ({ ...p, page: macroPage })),
  ),
  'app/(app)/admin/members/actions.ts#inviteMemberAction': invalidInput(
    'admin',
    'victim tenantId in the form',
    /email/i,
    (c) => [form({ email: 'not-an-email', role: 'AGENT', tenantId: c.v.tenantId })],
    () => [form({ email: 'probe@acme.test', role: 'AGENT' })],
    ADMIN_ONLY,
    'invites into the session tenant; a bad email so nothing is written',
  ),
  'app/(app)/admin/members/actions.ts#changeRoleAction': action(
    'session',
    [
      refused('owner', 'victim’s membership', NOT_FOUND, {
        args: (c) => withState({ membershipId: c.v.membershipId, role: 'BILLING_VIEWER' }),
      }),
    ],
    [
      ...actionDenied((c) => withState({ membershipId: c.a.agentMembershipId, role: 'OWNER' }), ADMIN_ONLY),
      refused('admin', 'an admin makes someone owner', /only owners can grant/i, {
        args: (c) => withState({ membershipId: c.a.agentMembershipId, role: 'OWNER' }),
      }),
    ],
  ),
  'app/(app)/admin/members/actions.ts#removeMemberAction': action(
    'session',
    [refused('owner', 'victim’s membership', NOT_FOUND, { args: (c) => withState({ membershipId: c.v.membershipId }) })],
    [
      ...actionDenied((c) => withState({ membershipId: c.a.agentMembershipId }), ADMIN_ONLY),
      refused('admin', 'an admin removes the owner', /only owners can remove/i, {
        args: (c) => withState({ membershipId: c.a.ownerMembershipId }),
      }),
    ],
  ),
  'app/(app)/admin/members/actions.ts#revokeInvitationAction': rowAction(
    'admin',
    'victim’s invitation',
    (c) => withState({ invitationId: c.v.invitation.id }),
    ADMIN_ONLY,
  ),
  'app/(app)/admin/prices/actions.ts#addPriceAction': invalidInput(
    'owner',
    'platform-wide price by a tenant owner',
    /platform|permission|not allowed|forbidden/i,
    () => price('platform'),
    () => price('tenant'),
    ADMIN_ONLY,
    'a tenant admin may price its own tenant only: the platform catalog (every tenant’s prices) is refused',
  ),
  'app/(app)/admin/prices/actions.ts#setLocalComputeAction': invalidInput(
    'admin',
    'empty rate',
    /computePerHour|required|amount|number/i,
    () => withState({ computePerHour: '', effectiveFrom: '2030-01-01T00:00' }),
    () => withState({ computePerHour: '1', effectiveFrom: '2030-01-01T00:00' }),
    ADMIN_ONLY,
    'the session tenant’s own rate; an empty rate so nothing is written',
  ),
  'app/(app)/admin/triage/actions.ts#createCategoryAction': invalidInput(
    'admin',
    'invalid key',
    /key|letters|lowercase|invalid/i,
    (c) => [form({ key: 'Not A Key!', name: 'x', description: '', tenantId: c.v.tenantId })],
    () => [form({ key: 'probe_key', name: 'Probe', description: '' })],
    ADMIN_ONLY,
    'creates in the session tenant; the victim’s key is free to reuse, so an invalid key is sent and nothing is written',
  ),
  'app/(app)/admin/triage/actions.ts#updateCategoryAction': rowAction(
    'admin',
    'victim’s category',
    (_c, t) => withState({ id: t.category.id, name: 'overwritten', active: 'on' }),
    ADMIN_ONLY,
    'acme',
  ),
  'app/(app)/admin/triage/actions.ts#deleteCategoryAction': rowAction(
    'admin',
    'victim’s category',
    (_c, t) => withState({ id: t.category.id }),
    ADMIN_ONLY,
    'acme',
  ),
  'app/(app)/admin/triage/actions.ts#activateVersionAction': rowAction(
    'admin',
    'victim’s classifier version',
    (c) => withState({ version: String(c.v.classifierVersion) }),
    ADMIN_ONLY,
    'victim',
    'versions are numbered per tenant: the victim’s version number does not exist in Acme',
  ),
  'app/(app)/admin/triage/actions.ts#trainNowAction': action(
    'session',
    [],
    actionDenied(() => [], ADMIN_ONLY),
    'queues training of the session tenant only',
  ),
};
