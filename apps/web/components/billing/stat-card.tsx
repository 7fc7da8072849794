import type { ReactNode } from 'react';
import { Card, CardContent } from '@/components/ui/card';

/** One headline figure; `testId` lets end-to-end tests read the exact value. */
export function StatCard({
  label,
  value,
  detail,
  testId,
  micros,
}: {
  label: string;
  value: string;
  detail?: ReactNode;
  testId?: string;
  micros?: bigint;
}) {
  return (
    <Card>
      <CardContent>
        <p className="text-sm text-slate-600">{label}</p>
        <p className="mt-1 text-2xl font-semibold text-slate-900" data-testid={testId} data-micros={micros?.toString()}>
          {value}
        </p>
        {detail ? <p className="mt-1 text-xs text-slate-600">{detail}</p> : null}
      </CardContent>
    </Card>
  );
}
