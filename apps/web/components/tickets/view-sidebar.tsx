import Link from 'next/link';
import type { ViewWithCount } from '@helpdesk/core/queries/saved-views';
import { cn } from '@/lib/cn';

/** The inbox's views with their ticket counts; the current one is marked for assistive tech. */
export function ViewSidebar({ views, current }: { views: ViewWithCount[]; current: string }) {
  const groups: [string, ViewWithCount[]][] = [
    ['Views', views.filter((v) => v.scope === 'default')],
    ['Team views', views.filter((v) => v.scope === 'shared')],
    ['My views', views.filter((v) => v.scope === 'personal')],
  ];
  return (
    <nav aria-label="Ticket views" className="space-y-4">
      {groups
        .filter(([, list]) => list.length > 0)
        .map(([title, list]) => (
          <div key={title}>
            <h2 className="mb-1 px-2 text-xs font-semibold tracking-wide text-slate-600 uppercase">{title}</h2>
            <ul className="space-y-0.5">
              {list.map((v) => (
                <li key={v.id}>
                  <Link
                    href={`/inbox?view=${encodeURIComponent(v.id)}`}
                    aria-current={v.id === current ? 'page' : undefined}
                    className={cn(
                      'flex items-center justify-between rounded px-2 py-1.5 text-sm text-slate-800 hover:bg-slate-100',
                      v.id === current && 'bg-brand-50 font-medium text-brand-800',
                    )}
                  >
                    <span>{v.name}</span>
                    <span className="tabular-nums text-slate-600" data-testid={`view-count-${v.id}`}>
                      {v.count}
                      {v.capped ? '+' : ''}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      <Link href="/inbox/views" className="block px-2 text-sm font-medium text-brand-700 underline">
        Build a view
      </Link>
    </nav>
  );
}
