'use client';

import { composeDraft } from '@/components/tickets/compose-draft';
import { Button } from '@/components/ui/button';

/** Loads the draft into the reply composer and scrolls there; the agent edits and sends it (sending approves it). */
export function UseDraftButton({ draftId, html, label }: { draftId: string; html: string; label: string }) {
  return (
    <Button
      type="button"
      size="sm"
      onClick={() => {
        composeDraft({ draftId, html, label });
        document.getElementById('composer-body')?.scrollIntoView({ block: 'center' });
      }}
    >
      Edit and send in the composer
    </Button>
  );
}
