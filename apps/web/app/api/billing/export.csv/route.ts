import { z } from 'zod';
import {
  cloudModels,
  DEFAULT_COUNTERFACTUAL_MODEL,
  formatDay,
  lastInclusiveDay,
  parseDayRange,
  spendCsv,
  spendReport,
} from '@helpdesk/billing';
import { apiRoute } from '@/lib/api';
import { db } from '@/lib/clients';

export const dynamic = 'force-dynamic';

const query = z.object({ from: z.string().optional(), to: z.string().optional(), compare: z.string().optional() });

/** The same groups the billing page sums, one line each, with a TOTAL line equal to the page's total. */
export const GET = apiRoute(
  async (req, { member }) => {
    const q = query.parse(Object.fromEntries(req.nextUrl.searchParams));
    const range = parseDayRange(q.from, q.to);
    const models = await cloudModels(db(), member.tenantId);
    const compareModel = q.compare && models.includes(q.compare) ? q.compare : DEFAULT_COUNTERFACTUAL_MODEL;
    const report = await spendReport(db(), member.tenantId, range, { compareModel });
    const name = `ai-spend-${formatDay(range.from)}-to-${lastInclusiveDay(range)}.csv`;
    return new Response(spendCsv(report), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  },
  { can: 'billing.view' },
);
