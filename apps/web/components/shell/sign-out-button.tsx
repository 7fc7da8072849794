'use client';

import { signOut } from 'next-auth/react';
import { Button } from '@/components/ui/button';

export function SignOutButton() {
  return (
    <Button variant="secondary" size="sm" className="w-full" onClick={() => void signOut({ callbackUrl: '/signin' })}>
      Sign out
    </Button>
  );
}
