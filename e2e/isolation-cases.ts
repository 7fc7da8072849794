import { ADMIN_ACTION_CASES } from './isolation/actions-admin';
import { ACTION_CASES } from './isolation/actions';
import type { Case } from './isolation/cases';
import { PAGE_CASES } from './isolation/pages';
import { ROUTE_CASES } from './isolation/routes';

/**
 * The isolation suite's case table: one entry per route handler (per HTTP method), page and server action of the
 * web app, keyed the way e2e/helpers/app-surface.ts names them. isolation.spec.ts fails when the app has one
 * without an entry, so a new route cannot ship without saying who may call it and what it must not show.
 * The entries live by kind in e2e/isolation/ (routes.ts, pages.ts, actions-admin.ts, actions.ts), written with the
 * builders of e2e/isolation/cases.ts, which also says what each entry checks.
 */
export const CASES: Record<string, Case> = { ...ROUTE_CASES, ...PAGE_CASES, ...ADMIN_ACTION_CASES, ...ACTION_CASES };

export type { Case, Ctx, Probe, Who } from './isolation/cases';
