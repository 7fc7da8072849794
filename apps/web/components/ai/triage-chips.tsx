import type { TriageResult } from '@helpdesk/db';
import { PRIORITY_LABEL, SENTIMENT_LABEL, UNCATEGORISED } from '@helpdesk/core/labels';
import { PRIORITY_CHOICES, SENTIMENT_CHOICES } from '@/components/tickets/format';
import { ActionForm } from '@/components/shell/action-form';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Options } from '@/components/ui/choice-fields';
import { NativeSelect } from '@/components/ui/select';
import { correctTriageAction } from './actions';

function CorrectionForm({
  ticketId,
  field,
  label,
  current,
  options,
}: {
  ticketId: string;
  field: string;
  label: string;
  current: string;
  options: { value: string; label: string }[];
}) {
  const id = `correct-${field}`;
  return (
    <ActionForm action={correctTriageAction} className="flex flex-wrap items-end gap-2" label={`Correct ${label.toLowerCase()}`}>
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="field" value={field} />
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
          {label}
        </label>
        <NativeSelect id={id} name="value" defaultValue={current} className="h-8">
          <Options choices={options} />
        </NativeSelect>
      </div>
      <Button type="submit" size="sm" variant="secondary">
        Correct
      </Button>
    </ActionForm>
  );
}

/** The triage verdict as chips, each correctable by the agent (corrections train the classifier); a corrected chip shows the agent's value. */
export function TriageChips({
  triage,
  categories,
  corrections,
}: {
  triage: TriageResult;
  categories: { key: string; name: string }[];
  corrections: Partial<Record<'category' | 'priority' | 'sentiment', string>>;
}) {
  const categoryKey = corrections.category ?? triage.categoryKey;
  const priority = corrections.priority ?? triage.priority;
  const sentiment = corrections.sentiment ?? triage.sentiment;
  const categoryName = categories.find((c) => c.key === categoryKey)?.name ?? categoryKey ?? UNCATEGORISED;
  const corrected = Object.keys(corrections).length > 0;
  const tone = triage.confidence >= 0.8 ? 'success' : triage.confidence >= 0.5 ? 'info' : 'warning';
  return (
    <div className="space-y-3">
      <ul className="flex flex-wrap gap-2" aria-label="Triage">
        <li>
          <Badge tone="info" data-testid="triage-category">
            Category: {categoryName}
          </Badge>
        </li>
        <li>
          <Badge data-testid="triage-priority">Priority: {PRIORITY_LABEL[priority as keyof typeof PRIORITY_LABEL] ?? priority}</Badge>
        </li>
        <li>
          <Badge data-testid="triage-sentiment">Sentiment: {SENTIMENT_LABEL[sentiment as keyof typeof SENTIMENT_LABEL] ?? sentiment}</Badge>
        </li>
        <li>
          <Badge>Language: {triage.language}</Badge>
        </li>
        <li>
          {corrected ? (
            <Badge tone="success" data-testid="triage-confidence">
              Corrected by agent
            </Badge>
          ) : (
            <Badge tone={tone} data-testid="triage-confidence">
              Confidence {Math.round(triage.confidence * 100)}%
            </Badge>
          )}
        </li>
        <li>
          <Badge>{triage.source === 'CLASSIFIER' ? 'Learned classifier' : 'Local model'}</Badge>
        </li>
        {triage.outOfScope ? (
          <li>
            <Badge tone="warning">Out of scope</Badge>
          </li>
        ) : null}
        {triage.truncated ? (
          <li>
            <Badge tone="warning">Long message: truncated</Badge>
          </li>
        ) : null}
      </ul>
      <p className="text-sm text-slate-700">{triage.summary}</p>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-700">Correct triage</summary>
        <div className="mt-2 space-y-2">
          {categories.length ? (
            <CorrectionForm
              ticketId={triage.ticketId}
              field="category"
              label="Category"
              current={categoryKey ?? categories[0]!.key}
              options={categories.map((c) => ({ value: c.key, label: c.name }))}
            />
          ) : null}
          <CorrectionForm ticketId={triage.ticketId} field="priority" label="Priority" current={priority} options={PRIORITY_CHOICES} />
          <CorrectionForm ticketId={triage.ticketId} field="sentiment" label="Sentiment" current={sentiment} options={SENTIMENT_CHOICES} />
        </div>
      </details>
    </div>
  );
}
