'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogTrigger } from '@/components/ui/dialog';
import { CopyButton } from '../api-keys/copy-button';
import { revealInboundSecretAction, rotateInboundSecretAction, type SecretState } from './actions';

const MASK = '•'.repeat(24);

export function InboundSecret() {
  const [secret, setSecret] = useState<string>();
  const [message, setMessage] = useState<string>();
  const [rotated, setRotated] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  function run(action: () => Promise<SecretState>, after?: () => void) {
    startTransition(async () => {
      const result = await action();
      if (result.ok && result.secret) {
        setSecret(result.secret);
        setMessage(undefined);
        after?.();
      } else {
        setMessage(result.message ?? 'The secret could not be loaded.');
      }
    });
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="inbound-secret"
          aria-label={secret ? 'Signing secret' : 'Signing secret (hidden)'}
          className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all text-slate-900"
        >
          {secret ?? MASK}
        </code>
        {secret ? (
          <>
            <Button variant="secondary" size="sm" onClick={() => setSecret(undefined)}>
              Hide
            </Button>
            <CopyButton value={secret} label="Copy signing secret" />
          </>
        ) : (
          <Button variant="secondary" size="sm" onClick={() => run(revealInboundSecretAction)} disabled={pending}>
            Reveal
          </Button>
        )}
        <Dialog open={confirming} onOpenChange={setConfirming}>
          <DialogTrigger asChild>
            <Button variant="danger" size="sm">
              Rotate secret
            </Button>
          </DialogTrigger>
          <DialogContent
            title="Rotate the signing secret?"
            description="The current secret stops working at once: update your mail relay with the new one right away, or inbound mail will be refused."
          >
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button
                variant="danger"
                disabled={pending}
                onClick={() =>
                  run(rotateInboundSecretAction, () => {
                    setRotated(true);
                    setConfirming(false);
                  })
                }
              >
                {pending ? 'Rotating…' : 'Rotate now'}
              </Button>
            </div>
          </DialogContent>
        </Dialog>
      </div>
      {message ? (
        <p role="alert" className="text-sm text-red-700">
          {message}
        </p>
      ) : null}
      {rotated ? (
        <p role="status" className="text-sm text-green-800">
          Secret rotated. The new secret is shown above; the old one no longer verifies.
        </p>
      ) : null}
    </div>
  );
}
