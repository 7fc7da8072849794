import type { ReactNode } from 'react';
import { requireMember } from '@/lib/session';

/** Every admin page also checks on its own; this keeps non-admins from even reaching them. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireMember('admin.settings');
  return children;
}
