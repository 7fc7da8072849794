'use client';

import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import type { FormState } from '@/lib/form-state';
import { useFormSubmit } from '@/lib/use-form-submit';

export interface ArticleFormProps {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  article?: { id: string; title: string; bodyMarkdown: string; published: boolean; version: number };
  submitLabel: string;
}

export function ArticleForm({ action, article, submitLabel }: ArticleFormProps) {
  // Submitted by hand: a form action would reset the fields when the save is refused, and the body typed so far
  // (after a version conflict, say) would be replaced by the stored one.
  const { state, pending, onSubmit, errors } = useFormSubmit((form) => action({ ok: false }, form));
  return (
    <form onSubmit={onSubmit} className="max-w-3xl space-y-4" aria-label="Article">
      {article ? (
        <>
          <input type="hidden" name="id" value={article.id} />
          <input type="hidden" name="version" value={article.version} />
        </>
      ) : null}
      <div>
        <Label htmlFor="title">Title</Label>
        <Input id="title" name="title" defaultValue={article?.title} required maxLength={200} error={errors.title} errorId="title-error" />
        <FieldError id="title-error" message={errors.title} />
      </div>
      <div>
        <Label htmlFor="bodyMarkdown">Body (Markdown)</Label>
        <Textarea
          id="bodyMarkdown"
          name="bodyMarkdown"
          defaultValue={article?.bodyMarkdown}
          rows={18}
          className="font-mono"
          error={errors.bodyMarkdown}
          errorId="body-error"
        />
        <FieldError id="body-error" message={errors.bodyMarkdown} />
      </div>
      <div className="flex items-center gap-2">
        <input id="published" name="published" type="checkbox" defaultChecked={article?.published ?? true} className="h-4 w-4" />
        <label htmlFor="published" className="text-sm text-slate-800">
          Published (used to ground AI drafts)
        </label>
      </div>
      {errors.version ? <FieldError id="version-error" message={errors.version} /> : null}
      {state.message ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : submitLabel}
      </Button>
    </form>
  );
}
