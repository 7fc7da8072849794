import { revalidatePath } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { parseInput, type Actor } from '@helpdesk/db';
import type { Capability } from '@helpdesk/core/permissions';
import { failure, type FormState } from './form-state';
import { withRequestLog } from './request-log';
import { memberActor, requireMember, requireUser, type Member } from './session';

/**
 * The action client: every server action runs through one of `memberAction`, `userAction` or `publicAction`, which
 * check who is asking (signed-out → /signin, missing 2FA → its set-up page, a capability the role lacks → 404, as pages
 * do), parse the input with its zod schema (FormData read as its fields), run the domain call, revalidate, and map
 * any error to a FormState in one place (lib/form-state `failure`). Next's own redirect/notFound pass through.
 *
 * A wrapper of our own rather than next-safe-action: the forms post FormData to React's useActionState and read a
 * FormState ({ ok, errors, message }); keeping that shape leaves every form component and the exported action
 * signatures (which the isolation suite enumerates) unchanged, and the whole client is this file.
 */

type Paths = string | readonly string[];

export interface ActionSpec<S extends z.ZodType> {
  /** The input's schema; without one the handler gets `undefined`. */
  input?: S;
  /** Pages to revalidate after success; a path with a [segment] revalidates every page of that route. */
  revalidate?: Paths | ((data: z.output<S>) => Paths);
  /** Where the browser goes after success (after revalidation). */
  redirect?: string;
}

export interface MemberContext {
  member: Member;
  actor: Actor;
}

type Raw = unknown;
/** What a handler returns: extra fields for the form (ok defaults to true), or a refusal it worded itself. */
type Outcome = Partial<FormState> & object;
type Result<R> = FormState & R;

function readInput<S extends z.ZodType>(spec: ActionSpec<S>, raw: Raw): z.output<S> {
  if (!spec.input) return undefined as z.output<S>;
  return parseInput(spec.input, raw instanceof FormData ? Object.fromEntries(raw) : raw);
}

function revalidate<S extends z.ZodType>(spec: ActionSpec<S>, data: z.output<S>): void {
  const paths = typeof spec.revalidate === 'function' ? spec.revalidate(data) : spec.revalidate;
  for (const path of typeof paths === 'string' ? [paths] : (paths ?? [])) {
    if (path.includes('[')) revalidatePath(path, 'page');
    else revalidatePath(path);
  }
}

async function execute<S extends z.ZodType, C, R extends Outcome>(
  spec: ActionSpec<S>,
  raw: Raw,
  context: C,
  run: (data: z.output<S>, context: C) => Promise<R>,
): Promise<Result<R>> {
  let outcome: R;
  try {
    const data = readInput(spec, raw);
    outcome = await run(data, context);
    if (outcome.ok !== false) revalidate(spec, data);
  } catch (error) {
    unstable_rethrow(error);
    return failure(error) as Result<R>;
  }
  if (spec.redirect && outcome.ok !== false) redirect(spec.redirect);
  return { ok: true, ...outcome } as Result<R>;
}

/** An action of a signed-in workspace member holding `capability`. */
export async function memberAction<S extends z.ZodType, R extends Outcome>(
  capability: Capability,
  spec: ActionSpec<S>,
  raw: Raw,
  run: (data: z.output<S>, context: MemberContext) => Promise<R>,
): Promise<Result<R>> {
  const member = await requireMember(capability);
  return withRequestLog(member.tenantId, () => execute(spec, raw, { member, actor: memberActor(member) }, run));
}

/** An action of a signed-in person who may belong to no workspace yet (account pages); `page` is where sign-in returns. */
export async function userAction<S extends z.ZodType, R extends Outcome>(
  page: string,
  spec: ActionSpec<S>,
  raw: Raw,
  run: (data: z.output<S>, context: { userId: string }) => Promise<R>,
): Promise<Result<R>> {
  const user = await requireUser(page);
  return execute(spec, raw, user, run);
}

/** An action anyone may call (sign-up, password reset, contact form): input checked and errors mapped all the same. */
export async function publicAction<S extends z.ZodType, R extends Outcome>(
  spec: ActionSpec<S>,
  raw: Raw,
  run: (data: z.output<S>) => Promise<R>,
): Promise<Result<R>> {
  return execute(spec, raw, undefined, (data) => run(data));
}
