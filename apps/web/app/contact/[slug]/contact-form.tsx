'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Textarea } from '@/components/ui/textarea';
import { submitContact, type ContactState } from './actions';

const FIELDS = [
  // maxLength matches contactFormInput, so the browser stops typing where the server would refuse.
  { name: 'name', label: 'Your name', type: 'text', autoComplete: 'name', maxLength: 200 },
  { name: 'email', label: 'Email', type: 'email', autoComplete: 'email', maxLength: 254 },
  { name: 'subject', label: 'Subject', type: 'text', autoComplete: 'off', maxLength: 300 },
] as const;

export function ContactForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState<ContactState, FormData>(
    async (previous, form) => {
      try {
        return await submitContact(slug, previous, form);
      } catch (error) {
        // A refused request (429 when the visitor sends too many) reaches us as an error carrying the server's text.
        const values = Object.fromEntries(['name', 'email', 'subject', 'message'].map((k) => [k, String(form.get(k) ?? '')]));
        return { ok: false, values, message: error instanceof Error ? error.message : 'Your message could not be sent; please try again.' };
      }
    },
    { ok: false },
  );
  if (state.ok) {
    return (
      <div role="status" className="space-y-2">
        <h2 className="text-lg font-semibold text-slate-900">Thanks, we have your message</h2>
        <p className="text-sm text-slate-700">
          Your request number is <strong>#{state.ticketNumber}</strong>. We will reply by email; keep the number in the subject when you
          write back.
        </p>
      </div>
    );
  }
  const error = (field: string) => state.errors?.[field];
  return (
    <form action={action} noValidate className="space-y-4">
      {state.message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {state.message}
        </p>
      )}
      {FIELDS.map((f) => (
        <div key={f.name}>
          <Label htmlFor={`contact-${f.name}`}>{f.label}</Label>
          <Input
            id={`contact-${f.name}`}
            name={f.name}
            type={f.type}
            autoComplete={f.autoComplete}
            maxLength={f.maxLength}
            defaultValue={state.values?.[f.name]}
            required
            error={error(f.name)}
            errorId={`contact-${f.name}-error`}
          />
          <FieldError id={`contact-${f.name}-error`} message={error(f.name)} />
        </div>
      ))}
      <div>
        <Label htmlFor="contact-message">How can we help?</Label>
        <Textarea
          id="contact-message"
          name="message"
          rows={6}
          maxLength={20_000}
          defaultValue={state.values?.message}
          required
          error={error('message')}
          errorId="contact-message-error"
        />
        <FieldError id="contact-message-error" message={error('message')} />
      </div>
      <div aria-hidden="true" className="hidden">
        <label htmlFor="contact-website">Website</label>
        <input id="contact-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? 'Sending…' : 'Send message'}
      </Button>
    </form>
  );
}
