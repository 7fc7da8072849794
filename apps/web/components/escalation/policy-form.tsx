'use client';

import { useEffect, useRef, useState, useTransition, type FormEvent, type ReactNode } from 'react';
import { savePolicyAction, simulateAction } from '@/app/(app)/admin/escalation/actions';
import type { PolicyFormValues } from '@/app/(app)/admin/escalation/form-schema';
import type { SimulationView } from '@/app/(app)/admin/escalation/simulation-view';
import { Button } from '@/components/ui/button';
import { PRIORITY_CHOICES } from '@/components/tickets/format';
import { TitledCard } from '@/components/ui/card';
import { Options } from '@/components/ui/choice-fields';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/select';
import type { FormState } from '@/lib/form-state';
import { SimulatorPanel } from './simulator-panel';
import { ThresholdSlider } from './threshold-slider';

export interface PolicyFormProps {
  initial: PolicyFormValues;
  categories: { key: string; name: string }[];
  models: string[];
  hasSecret: boolean;
  initialSimulation: SimulationView;
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function Check({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="h-4 w-4" />
      <label htmlFor={id} className="text-sm text-slate-800">
        {label}
      </label>
    </div>
  );
}

/** A native multi-select: one focusable element however many categories a tenant has. */
function KeyList({
  label,
  name,
  options,
  value,
  onChange,
  error,
}: {
  label: string;
  name: string;
  options: { key: string; name: string }[];
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  return (
    <Field
      id={name}
      label={label}
      error={error}
      hint={options.length ? `${value.length} selected; Ctrl or Cmd + click to choose several.` : 'No categories yet.'}
    >
      <select
        id={name}
        multiple
        size={Math.min(8, Math.max(2, options.length))}
        value={value}
        onChange={(e) => onChange(Array.from(e.target.selectedOptions, (o) => o.value))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900"
      >
        <Options choices={options.map((c) => ({ value: c.key, label: c.name }))} />
      </select>
    </Field>
  );
}

export function PolicyForm({ initial, categories, models, hasSecret, initialSimulation }: PolicyFormProps) {
  const [v, setV] = useState<PolicyFormValues>(initial);
  const [state, setState] = useState<FormState>({ ok: false });
  const [simulation, setSimulation] = useState(initialSimulation);
  const [saving, startSave] = useTransition();
  const [simulating, startSimulate] = useTransition();
  const first = useRef(true);
  const set = <K extends keyof PolicyFormValues>(key: K, value: PolicyFormValues[K]) => setV((prev) => ({ ...prev, [key]: value }));

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => {
      startSimulate(async () => {
        const result = await simulateAction(v);
        if ('simulation' in result) setSimulation(result.simulation);
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [v]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    startSave(async () => setState(await savePolicyAction(v)));
  }

  const err = state.errors ?? {};
  const text = (key: keyof PolicyFormValues, label: string, hint?: string, type = 'text', maxLength?: number) => (
    <Field id={key} label={label} error={err[key]} hint={hint}>
      <Input
        id={key}
        type={type}
        maxLength={maxLength}
        value={String(v[key] ?? '')}
        onChange={(e) => set(key, e.target.value as never)}
        error={err[key]}
        errorId={`${key}-error`}
      />
    </Field>
  );

  type Switch = { [K in keyof PolicyFormValues]: PolicyFormValues[K] extends boolean ? K : never }[keyof PolicyFormValues];
  const check = (key: Switch, label: string) => <Check id={key} label={label} checked={v[key]} onChange={(x) => set(key, x)} />;

  const keys = (key: 'categories' | 'autoSendCategories', label: string) => (
    <KeyList label={label} name={key} options={categories} value={v[key]} onChange={(x) => set(key, x)} error={err[key]} />
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Escalation policy" className="grid gap-6 xl:grid-cols-2">
      <TitledCard title="When a draft goes to the cloud" contentClassName="space-y-4">
        {check('localOnly', 'Local only: never send anything to the cloud model')}
        <div>
          <p className="mb-2 text-sm font-medium text-slate-800" data-testid="threshold-value">
            Confidence threshold: {v.confidenceThreshold.toFixed(2)}
          </p>
          <ThresholdSlider
            id="confidenceThreshold"
            label="Confidence threshold"
            value={v.confidenceThreshold}
            onChange={(x) => set('confidenceThreshold', x)}
          />
          <p className="mt-1 text-xs text-slate-600">Escalate when triage confidence is below this.</p>
          <FieldError id="confidenceThreshold-error" message={err.confidenceThreshold} />
        </div>
        {check('escalateOutOfScope', 'Escalate out-of-scope tickets')}
        {check('negativeSentiment', 'Escalate very negative sentiment')}
        {keys('categories', 'Always escalate these categories')}
        <Field id="minPriority" label="Escalate at or above priority" error={err.minPriority}>
          <NativeSelect
            id="minPriority"
            value={v.minPriority}
            onChange={(e) => set('minPriority', e.target.value as PolicyFormValues['minPriority'])}
          >
            <Options empty="Never by priority" choices={PRIORITY_CHOICES} />
          </NativeSelect>
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          {text('vipTag', 'VIP customer tag', 'Empty: no VIP rule.', 'text', 50)}
          {text('retrievalScoreThreshold', 'Retrieval score below', 'Between 0 and 1; empty: off.')}
          {text('maxQuestions', 'Questions in one message, at least', 'Empty: off.')}
          {text('longMessageChars', 'Message longer than (characters)', 'Empty: off.')}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {(['mediumModel', 'complexModel'] as const).map((key) => (
            <Field
              key={key}
              id={key}
              label={key === 'mediumModel' ? 'Medium tier model' : 'Complex tier model'}
              error={err[key]}
              hint={key === 'complexModel' ? 'Used with two or more reasons, or urgent tickets.' : undefined}
            >
              <NativeSelect id={key} value={v[key]} onChange={(e) => set(key, e.target.value)}>
                <Options choices={[...new Set([v[key], ...models])].map((m) => ({ value: m, label: m }))} />
              </NativeSelect>
            </Field>
          ))}
        </div>
      </TitledCard>
      <div className="space-y-6">
        <TitledCard title="Simulator: your last tickets under this policy">
          <SimulatorPanel simulation={simulation} pending={simulating} />
        </TitledCard>
        <TitledCard title="Budget, alerts and auto-send" contentClassName="space-y-4">
          {text('monthlyBudgetMicros', 'Monthly cloud budget (USD)', 'Escalation stops when it is spent; alerts at 80, 95 and 100 %.')}
          {text(
            'alertWebhookUrl',
            'Alert webhook URL',
            'Receives a JSON POST signed with HMAC-SHA256 in x-helpdesk-signature.',
            'url',
            2000,
          )}
          {text(
            'alertWebhookSecret',
            'Webhook signing secret',
            hasSecret ? 'A secret is set; leave empty to keep it.' : 'At least 16 characters.',
            'password',
            200,
          )}
          {keys('autoSendCategories', 'Auto-send drafts in these categories (off unless chosen)')}
          {text('autoSendConfidence', 'Auto-send only at confidence of at least', 'Between 0.5 and 1.')}
        </TitledCard>
        <div className="flex items-center gap-4">
          <Button type="submit" disabled={saving}>
            {saving ? 'Saving…' : 'Save policy'}
          </Button>
          <p role="status" className="text-sm text-green-800">
            {state.ok ? 'Policy saved.' : ''}
          </p>
          {state.message || Object.keys(err).length ? (
            <p role="alert" className="text-sm text-red-700">
              {state.message ?? 'Please correct the fields marked above.'}
            </p>
          ) : null}
        </div>
      </div>
    </form>
  );
}
