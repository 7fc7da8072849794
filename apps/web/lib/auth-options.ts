import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { loadConfig } from '@helpdesk/config';
import { endSession, findMembership, listMemberships, sessionIsActive, signInWithPassword, startSession } from '@helpdesk/core/auth';
import { clientIp } from '@helpdesk/core/rate-limit';
import { rateLimiters, systemDb } from './clients';

declare module 'next-auth' {
  interface User {
    tenantId?: string | null;
    sid?: string;
  }
  interface Session {
    userId: string;
    tenantId: string | null;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    userId?: string;
    tenantId?: string | null;
    /** The database session this cookie stands for; deleting its row ends the session. */
    sid?: string;
  }
}

/** Error codes the sign-in form turns into plain words (NextAuth passes a thrown error's message to the client). */
export const SIGN_IN_ERRORS = { codeRequired: 'code_required', codeInvalid: 'code_invalid', locked: 'locked' } as const;

/** The first tenant a user belongs to, unless they asked for one they are a member of. */
async function landingTenant(userId: string, wanted?: string | null): Promise<string | null> {
  if (wanted && (await findMembership(systemDb(), userId, wanted))) return wanted;
  const memberships = await listMemberships(systemDb(), userId);
  return memberships[0]?.tenantId ?? null;
}

function requestHeaders(headers: unknown): Headers {
  if (headers instanceof Headers) return headers;
  const out = new Headers();
  for (const [k, v] of Object.entries((headers ?? {}) as Record<string, unknown>)) if (typeof v === 'string') out.set(k, v);
  return out;
}

// Read lazily: `next build` imports this module without the runtime environment.
export function authOptions(): NextAuthOptions {
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
          code: { label: 'Authentication code', type: 'text' },
          tenantId: { label: 'Workspace', type: 'text' },
        },
        async authorize(credentials, req) {
          if (!credentials?.email || !credentials.password) return null;
          const headers = requestHeaders(req.headers);
          const result = await signInWithPassword(
            systemDb(),
            rateLimiters(),
            { email: credentials.email, password: credentials.password, code: credentials.code, ip: clientIp(headers) },
            { appSecret: loadConfig().NEXTAUTH_SECRET },
          );
          if (!result.ok) {
            if (result.reason === 'invalid') return null;
            throw new Error(result.reason === 'locked' ? `${SIGN_IN_ERRORS.locked}:${result.retryAfterSeconds}` : result.reason);
          }
          const { user } = result;
          const sid = await startSession(systemDb(), user.id, headers.get('user-agent'));
          return { ...user, sid, tenantId: await landingTenant(user.id, credentials.tenantId) };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user, trigger, session }) {
        if (user) {
          token.userId = user.id;
          token.tenantId = user.tenantId ?? null;
          token.sid = user.sid;
          return token;
        }
        // Every read of the session checks its row: a signed cookie whose session was ended is worth nothing.
        if (!(await sessionIsActive(systemDb(), token.sid, token.userId))) return {};
        // Switching workspace: the client asks, the membership decides.
        if (trigger === 'update' && token.userId) {
          const wanted = (session as { tenantId?: unknown } | undefined)?.tenantId;
          if (typeof wanted === 'string' && (await findMembership(systemDb(), token.userId, wanted))) token.tenantId = wanted;
        }
        return token;
      },
      async session({ session, token }) {
        session.userId = token.userId ?? '';
        session.tenantId = token.tenantId ?? null;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        await endSession(systemDb(), token?.sid);
      },
    },
  };
}
