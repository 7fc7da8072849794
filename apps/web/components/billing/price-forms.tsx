'use client';

import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/select';
import type { FormState } from '@/lib/form-state';
import { useFormSubmit } from '@/lib/use-form-submit';

type Action = (prev: FormState, form: FormData) => Promise<FormState>;

/** A rejected price keeps what was typed next to the message naming the field; a saved one clears the form. */
const useSubmit = (action: Action) => useFormSubmit((form) => action({ ok: false }, form), { reset: true });

function Field({
  form,
  name,
  label,
  state,
  hint,
  ...props
}: { form: string; name: string; label: string; state: FormState; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = `${form}-${name}`;
  const error = state.errors?.[name];
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} name={name} error={error} errorId={`${id}-error`} {...props} />
      {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Both prices take effect at a UTC time, an hour ahead by default. */
function EffectiveFrom({ form, state, defaultFrom }: { form: string; state: FormState; defaultFrom: string }) {
  return (
    <Field
      form={form}
      name="effectiveFrom"
      label="Effective from (UTC)"
      state={state}
      type="datetime-local"
      defaultValue={defaultFrom}
      required
    />
  );
}

function Outcome({ state, done }: { state: FormState; done: string }) {
  if (state.message) {
    return (
      <p role="alert" className="text-sm text-red-700">
        {state.message}
      </p>
    );
  }
  return state.ok ? (
    <p role="status" className="text-sm text-green-800">
      {done}
    </p>
  ) : null;
}

/** Prices in dollars with up to six decimals; the effective time is UTC and may not lie in the past. */
export function AddPriceForm({ action, canEditPlatform, defaultFrom }: { action: Action; canEditPlatform: boolean; defaultFrom: string }) {
  const { state, pending, onSubmit } = useSubmit(action);
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Add a price">
      <div className="grid gap-4 sm:grid-cols-3">
        <div>
          <Label htmlFor="price-scope">Applies to</Label>
          <NativeSelect id="price-scope" name="scope" defaultValue="tenant">
            <option value="tenant">This workspace (override)</option>
            {canEditPlatform ? <option value="platform">Every tenant (platform)</option> : null}
          </NativeSelect>
        </div>
        <Field form="price" name="model" label="Model" state={state} required placeholder="claude-haiku-4-5" />
        <div>
          <Label htmlFor="price-provider">Runs</Label>
          <NativeSelect
            id="price-provider"
            name="provider"
            defaultValue="CLOUD"
            aria-describedby={state.errors?.provider ? 'price-provider-error' : undefined}
          >
            <option value="CLOUD">In the cloud (per token)</option>
            <option value="LOCAL">Locally (per CPU hour)</option>
          </NativeSelect>
          <FieldError id="price-provider-error" message={state.errors?.provider} />
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-5">
        <Field form="price" name="inputPerMTok" label="Input $/MTok" state={state} inputMode="decimal" placeholder="0" />
        <Field form="price" name="outputPerMTok" label="Output $/MTok" state={state} inputMode="decimal" placeholder="0" />
        <Field form="price" name="cacheWritePerMTok" label="Cache write $/MTok" state={state} inputMode="decimal" placeholder="0" />
        <Field form="price" name="cacheReadPerMTok" label="Cache read $/MTok" state={state} inputMode="decimal" placeholder="0" />
        <Field form="price" name="computePerHour" label="Compute $/hour" state={state} inputMode="decimal" placeholder="0" />
      </div>
      <div className="grid gap-4 sm:grid-cols-3 sm:items-end">
        <EffectiveFrom form="price" state={state} defaultFrom={defaultFrom} />
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Add price'}
        </Button>
      </div>
      <Outcome state={state} done="Price added. Calls from its effective time on are charged at it." />
    </form>
  );
}

export function LocalComputeForm({ action, current, defaultFrom }: { action: Action; current: string; defaultFrom: string }) {
  const { state, pending, onSubmit } = useSubmit(action);
  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 sm:grid-cols-3 sm:items-end" aria-label="Local compute price">
      <Field
        form="local"
        name="computePerHour"
        label="Local compute $/CPU hour"
        state={state}
        inputMode="decimal"
        defaultValue={current}
        required
      />
      <EffectiveFrom form="local" state={state} defaultFrom={defaultFrom} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Set local price'}
      </Button>
      <div className="sm:col-span-3">
        <Outcome state={state} done="Local compute price set." />
      </div>
    </form>
  );
}
