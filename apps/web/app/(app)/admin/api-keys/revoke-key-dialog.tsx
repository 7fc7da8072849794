'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { revokeApiKeyAction } from './actions';

export function RevokeKeyDialog({ apiKeyId, name, prefix }: { apiKeyId: string; name: string; prefix: string }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();

  function revoke() {
    startTransition(async () => {
      const result = await revokeApiKeyAction(apiKeyId);
      if (result.ok) setOpen(false);
      else setMessage(result.message ?? 'The key could not be revoked.');
    });
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="danger" size="sm" aria-label={`Revoke ${name}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Revoke “${name}”?`}
        description={`Requests with the key hd_${prefix}_… will be refused at once. This cannot be undone.`}
      >
        {message ? (
          <p role="alert" className="mb-3 text-sm text-red-700">
            {message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" onClick={revoke} disabled={pending}>
            {pending ? 'Revoking…' : 'Revoke key'}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
