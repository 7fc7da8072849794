import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { authenticate, findMembership, listMemberships } from '@helpdesk/core/auth/index';
import { systemDb } from './clients';

declare module 'next-auth' {
  interface User {
    tenantId?: string | null;
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
  }
}

/** The first tenant a user belongs to, unless they asked for one they are a member of. */
async function landingTenant(userId: string, wanted?: string | null): Promise<string | null> {
  if (wanted && (await findMembership(systemDb(), userId, wanted))) return wanted;
  const memberships = await listMemberships(systemDb(), userId);
  return memberships[0]?.tenantId ?? null;
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
          tenantId: { label: 'Workspace', type: 'text' },
        },
        async authorize(credentials) {
          if (!credentials?.email || !credentials.password) return null;
          const user = await authenticate(systemDb(), credentials.email, credentials.password);
          if (!user) return null;
          return { ...user, tenantId: await landingTenant(user.id, credentials.tenantId) };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user, trigger, session }) {
        if (user) {
          token.userId = user.id;
          token.tenantId = user.tenantId ?? null;
        }
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
  };
}
