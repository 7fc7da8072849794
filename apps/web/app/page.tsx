import { redirect } from 'next/navigation';
import { currentMember, homePath } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const member = await currentMember();
  redirect(member ? homePath(member.role) : '/signin');
}
