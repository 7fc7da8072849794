'use client';

import { useState, useTransition } from 'react';
import { trainNowAction } from '@/app/(app)/admin/triage/actions';
import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';

export function TrainNowButton() {
  const [state, setState] = useState<FormState | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <Button onClick={() => startTransition(async () => setState(await trainNowAction()))} disabled={pending}>
        {pending ? 'Queuing…' : 'Train now'}
      </Button>
      {state?.message ? (
        <p role={state.ok ? 'status' : 'alert'} className={`max-w-sm text-right text-sm ${state.ok ? 'text-green-800' : 'text-red-700'}`}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
