import { createHash, randomBytes } from 'node:crypto';
import type { SystemClient, Tx } from '@helpdesk/db';

/** As long as the signed cookie lives; the row decides whether it still counts. */
export const SESSION_DAYS = 30;

const hashSessionId = (sid: string) => createHash('sha256').update(sid).digest('hex');

type SessionClient = Pick<SystemClient, 'session'> | Pick<Tx, 'session'>;

/** Starts a browser session; the returned id goes into the signed JWT, only its hash into the database. */
export async function startSession(db: SessionClient, userId: string, userAgent?: string | null, now = new Date()): Promise<string> {
  const sid = randomBytes(32).toString('base64url');
  await db.session.create({
    data: {
      sessionToken: hashSessionId(sid),
      userId,
      expires: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
      userAgent: userAgent?.slice(0, 300) ?? null,
    },
  });
  return sid;
}

/** True while the session was neither ended nor expired; checked on every request that reads the session. */
export async function sessionIsActive(
  db: SessionClient,
  sid: string | undefined,
  userId: string | undefined,
  now = new Date(),
): Promise<boolean> {
  if (!sid || !userId) return false;
  const row = await db.session.findUnique({ where: { sessionToken: hashSessionId(sid) }, select: { userId: true, expires: true } });
  return row !== null && row.userId === userId && row.expires > now;
}

/** Sign-out: this browser's token stops working even though its cookie is still signed. */
export async function endSession(db: SessionClient, sid: string | undefined): Promise<void> {
  if (!sid) return;
  await db.session.deleteMany({ where: { sessionToken: hashSessionId(sid) } });
}

/** Ends every session of a user (removal, role change, password reset), keeping `exceptSid` when given. */
export async function endUserSessions(db: SessionClient, userId: string, exceptSid?: string): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(exceptSid ? { sessionToken: { not: hashSessionId(exceptSid) } } : {}) },
  });
  return count;
}

/** The signed-in browsers of a user, newest first, marking the one asking. */
export async function listSessions(db: SessionClient, userId: string, currentSid?: string, now = new Date()) {
  const rows = await db.session.findMany({
    where: { userId, expires: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, sessionToken: true, createdAt: true, userAgent: true },
  });
  const current = currentSid ? hashSessionId(currentSid) : null;
  return rows.map(({ sessionToken, ...row }) => ({ ...row, current: sessionToken === current }));
}
