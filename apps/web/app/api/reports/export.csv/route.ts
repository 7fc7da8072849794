import { z } from 'zod';
import { leadReportCsv, reportTableSchema } from '@helpdesk/reports';
import { apiRoute } from '@/lib/api';
import { db } from '@/lib/clients';

export const dynamic = 'force-dynamic';

const query = z.object({ table: reportTableSchema, from: z.string().optional(), to: z.string().optional() });

/** One table of the reports page as CSV, the same rows the page shows, for the member's tenant only. */
export const GET = apiRoute(
  async (req, { actor }) => {
    const q = query.parse(Object.fromEntries(req.nextUrl.searchParams));
    const { filename, csv } = await leadReportCsv(db(), actor, q.table, q);
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        'cache-control': 'no-store',
      },
    });
  },
  { can: 'reports.view' },
);
