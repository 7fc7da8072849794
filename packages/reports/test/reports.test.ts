import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@helpdesk/db';
import {
  aiQualityReport,
  leadReportCsv,
  leadReports,
  parseReportRange,
  reportCsv,
  supportReport,
  type SupportRow,
} from '@helpdesk/reports';
import { NOW, seedReportsWorld } from './world';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ pool: 4 });
let tenantA: string;
let tenantB: string;
let tenantAi: string;

beforeAll(async () => {
  ({ tenantA, tenantB, tenantAi } = await seedReportsWorld(fx.db));
}, 120_000);

const range = (tz = 'Europe/Berlin', from = '2026-03-01', to = '2026-03-07') => parseReportRange(from, to, tz, NOW);

function row(rows: SupportRow[], name: string): SupportRow {
  const found = rows.find((r) => r.name === name);
  expect(found, name).toBeDefined();
  return found!;
}

describe('parseReportRange', () => {
  it('defaults to the 30 days ending today in the tenant zone, and names the field of a bad date', () => {
    // 23:30 UTC on the 19th is already the 20th in Berlin.
    const r = parseReportRange(undefined, undefined, 'Europe/Berlin', new Date('2026-03-19T23:30:00Z'));
    expect(r).toEqual({ fromDay: '2026-02-19', toDay: '2026-03-20', timeZone: 'Europe/Berlin', bucket: 'day' });
    expect(parseReportRange('2026-01-01', '2026-06-30', 'UTC', NOW).bucket).toBe('week');
    expect(() => parseReportRange('2026-02-30', null, 'UTC', NOW)).toThrow(expect.objectContaining({ field: 'from' }));
    expect(() => parseReportRange('2026-03-09', '2026-03-01', 'UTC', NOW)).toThrow(expect.objectContaining({ field: 'from' }));
  });
});

describe('supportReport', () => {
  it('counts created and solved tickets per day of the tenant calendar', async () => {
    const report = await supportReport(fx.db, tenantA, range(), NOW);
    expect(report.clock).toEqual({ kind: 'calendar' });
    expect(report.volume).toEqual([
      { period: '2026-03-01', created: 3, solved: 3 },
      { period: '2026-03-02', created: 1, solved: 2 },
      { period: '2026-03-03', created: 1, solved: 0 },
      { period: '2026-03-04', created: 0, solved: 0 },
      { period: '2026-03-05', created: 1, solved: 0 },
      { period: '2026-03-06', created: 1, solved: 0 },
      { period: '2026-03-07', created: 0, solved: 0 },
    ]);
    // Read as UTC days instead, T6 falls out (Feb 28th) and T7 comes in (March 7th).
    const utc = await supportReport(fx.db, tenantA, range('UTC'), NOW);
    expect(utc.volume.find((p) => p.period === '2026-03-07')).toEqual({ period: '2026-03-07', created: 1, solved: 1 });
    expect(utc.totals.created).toBe(7);
  });

  it('gives medians, p90s and SLA attainment in total and by group, agent and category', async () => {
    const report = await supportReport(fx.db, tenantA, range(), NOW);
    // First responses 10, 20, 30, 45, 90 minutes; resolutions 60, 120, 200, 600.
    expect(report.totals).toEqual({
      id: null,
      name: 'All tickets',
      created: 7,
      firstResponse: { count: 5, medianMinutes: 30, p90Minutes: 72 },
      resolution: { count: 4, medianMinutes: 160, p90Minutes: 480 },
      firstResponseSla: { met: 4, missed: 1, rate: 0.8 },
      resolutionSla: { met: 3, missed: 2, rate: 0.6 },
    });
    expect(report.byAgent.map((r) => [r.name, r.created])).toEqual([
      ['Alice', 3],
      ['Bob', 3],
      ['Unassigned', 1],
    ]);
    const alice = row(report.byAgent, 'Alice');
    expect(alice.firstResponse).toEqual({ count: 2, medianMinutes: 60, p90Minutes: 84 });
    expect(alice.resolution).toEqual({ count: 2, medianMinutes: 360, p90Minutes: 552 });
    expect(alice.firstResponseSla).toEqual({ met: 1, missed: 1, rate: 0.5 });
    expect(alice.resolutionSla).toEqual({ met: 1, missed: 1, rate: 0.5 });
    const bob = row(report.byAgent, 'Bob');
    expect(bob.firstResponse).toEqual({ count: 3, medianMinutes: 20, p90Minutes: 40 });
    expect(bob.resolution).toEqual({ count: 2, medianMinutes: 130, p90Minutes: 186 });
    expect(bob.firstResponseSla).toEqual({ met: 3, missed: 0, rate: 1 });
    expect(bob.resolutionSla).toEqual({ met: 2, missed: 1, rate: 2 / 3 });
    expect(row(report.byAgent, 'Unassigned').firstResponse).toEqual({ count: 0, medianMinutes: null, p90Minutes: null });

    const billing = row(report.byCategory, 'Billing');
    expect(billing.firstResponse.medianMinutes).toBe(30);
    expect(billing.resolution.medianMinutes).toBe(200);
    expect(billing.firstResponseSla).toEqual({ met: 2, missed: 1, rate: 2 / 3 });
    expect(billing.resolutionSla).toEqual({ met: 2, missed: 1, rate: 2 / 3 });
    const login = row(report.byCategory, 'Login');
    expect(login.firstResponse.medianMinutes).toBe(27.5);
    expect(login.firstResponseSla).toEqual({ met: 2, missed: 0, rate: 1 });
    expect(login.resolutionSla).toEqual({ met: 1, missed: 1, rate: 0.5 });
    expect(row(report.byCategory, 'Uncategorised').created).toBe(1);

    expect(report.byGroup.map((r) => [r.name, r.created, r.firstResponseSla.rate])).toEqual([
      ['Billing team', 3, 2 / 3],
      ['Tech team', 3, 1],
      ['No group', 1, null],
    ]);
  });

  it('measures inside business hours when the tenant has them', async () => {
    const report = await supportReport(fx.db, tenantB, range('Europe/Berlin', '2026-03-01', '2026-03-09'), NOW);
    expect(report.clock).toEqual({ kind: 'business', hours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } });
    expect(report.totals.created).toBe(2);
    expect(report.totals.firstResponse).toEqual({ count: 2, medianMinutes: 52.5, p90Minutes: 82.5 });
    expect(report.totals.resolution).toEqual({ count: 1, medianMinutes: 540, p90Minutes: 540 });
  });

  it('buckets a long range by ISO week, Monday first', async () => {
    const report = await supportReport(fx.db, tenantA, parseReportRange('2026-01-01', '2026-04-30', 'Europe/Berlin', NOW), NOW);
    expect(report.range.bucket).toBe('week');
    expect(report.volume[0]?.period).toBe('2025-12-29');
    // The week of Monday Feb 23rd ends with Sunday March 1st (T1, T2, T6 created and solved, T8 created).
    expect(report.volume.find((p) => p.period === '2026-02-23')).toEqual({ period: '2026-02-23', created: 4, solved: 3 });
    expect(report.volume.find((p) => p.period === '2026-03-02')).toEqual({ period: '2026-03-02', created: 5, solved: 3 });
  });
});

describe('aiQualityReport', () => {
  it('counts draft outcomes per source with the edit distance recorded at approval', async () => {
    const report = await aiQualityReport(fx.db, tenantAi, range());
    const columns = [
      'source',
      'drafts',
      'approvedUnchanged',
      'autoSent',
      'approvedEdited',
      'approvedUnmeasured',
      'discarded',
      'notReviewed',
      'failed',
      'editRatioMedian',
      'editRatioMean',
      'editCharsMedian',
      'acceptedUnchangedRate',
    ];
    const expected = [
      ['LOCAL', 6, 2, 1, 2, 0, 1, 1, 0, 0.35, 0.35, 3.5, 2 / 5],
      ['CLOUD', 3, 1, 0, 1, 0, 0, 0, 1, 0.0526, 0.0526, 1, 1 / 2],
      ['LOCAL_FALLBACK', 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null],
    ];
    expect(report.drafts).toEqual(expected.map((row) => Object.fromEntries(columns.map((column, c) => [column, row[c]]))));
    const stored = await fx.db.aiDraft.findMany({
      where: { tenantId: tenantAi, body: 'abcdefghXY' },
      select: { sentEditDistance: true, sentEditRatio: true },
    });
    expect(stored).toEqual([{ sentEditDistance: 2, sentEditRatio: 0.2 }]);
  });

  it('counts triage results per source that agents corrected to another value', async () => {
    const report = await aiQualityReport(fx.db, tenantAi, range());
    expect(report.triage).toEqual([
      {
        source: 'CLASSIFIER',
        triaged: 3,
        corrected: 1,
        categoryCorrected: 1,
        priorityCorrected: 0,
        sentimentCorrected: 0,
        correctionRate: 1 / 3,
      },
      {
        source: 'LOCAL_MODEL',
        triaged: 3,
        corrected: 2,
        categoryCorrected: 1,
        priorityCorrected: 1,
        sentimentCorrected: 1,
        correctionRate: 2 / 3,
      },
    ]);
  });

  it('sees nothing of another tenant', async () => {
    const report = await aiQualityReport(fx.db, tenantA, range());
    expect(report.drafts.every((d) => d.drafts === 0)).toBe(true);
    expect(report.triage.every((t) => t.triaged === 0)).toBe(true);
  });
});

describe('reportCsv', () => {
  it('writes each table with the numbers the page shows, a formula-like name quoted as text', async () => {
    await fx.db.group.updateMany({ where: { tenantId: tenantA, name: 'Tech team' }, data: { name: '=HYPERLINK("x")' } });
    const support = await supportReport(fx.db, tenantA, range(), NOW);
    const ai = await aiQualityReport(fx.db, tenantAi, range());
    const groups = reportCsv('groups', support, ai).split('\r\n');
    expect(groups[0]).toBe(
      'name,created,first_response_count,first_response_median_minutes,first_response_p90_minutes,resolution_count,resolution_median_minutes,resolution_p90_minutes,first_response_sla_met,first_response_sla_missed,first_response_sla_met_pct,resolution_sla_met,resolution_sla_missed,resolution_sla_met_pct',
    );
    expect(groups).toContain('"=HYPERLINK(""x"")",3,2,27.5,41.5,1,60,60,2,0,100.0,1,1,50.0');
    expect(groups).toContain('All tickets,7,5,30,72,4,160,480,4,1,80.0,3,2,60.0');
    expect(reportCsv('volume', support, ai).split('\r\n').slice(0, 2)).toEqual(['day,created,solved', '2026-03-01,3,3']);
    expect(reportCsv('ai-drafts', support, ai).split('\r\n')[1]).toBe('LOCAL,6,2,1,2,0,1,1,0,0.35,0.35,3.5,40.0');
    expect(reportCsv('ai-triage', support, ai).split('\r\n')[2]).toBe('LOCAL_MODEL,3,2,1,1,1,66.7');
    await fx.db.group.updateMany({ where: { tenantId: tenantA, name: '=HYPERLINK("x")' }, data: { name: 'Tech team' } });
  });
});

describe('leadReports', () => {
  it('is for owners and admins only, in the tenant time zone, and names the field of a bad date', async () => {
    const admin: Actor = { type: 'USER', id: 'u-admin', tenantId: tenantA, role: 'ADMIN', name: 'Ada' };
    const agent: Actor = { ...admin, role: 'AGENT' };
    await expect(leadReports(fx.db, agent, {})).rejects.toMatchObject({ status: 403 });
    await expect(leadReportCsv(fx.db, { ...admin, role: 'BILLING_VIEWER' }, 'volume', {})).rejects.toMatchObject({ status: 403 });

    const page = await leadReports(fx.db, admin, { from: '2026-03-01', to: '2026-03-07' }, NOW);
    expect(page.error).toBeNull();
    expect(page.range.timeZone).toBe('Europe/Berlin');
    expect(page.support.totals.created).toBe(7);

    const bad = await leadReports(fx.db, admin, { from: '2026-13-01', to: '2026-03-07' }, NOW);
    expect(bad.error).toMatchObject({ field: 'from' });
    expect(bad.range).toMatchObject({ fromDay: '2026-02-19', toDay: '2026-03-20' });
    await expect(leadReportCsv(fx.db, admin, 'volume', { to: 'soon' }, NOW)).rejects.toMatchObject({ status: 400, field: 'to' });

    const csv = await leadReportCsv(fx.db, admin, 'agents', { from: '2026-03-01', to: '2026-03-07' }, NOW);
    expect(csv.filename).toBe('report-agents-2026-03-01-to-2026-03-07.csv');
    expect(csv.csv.split('\r\n')[1]).toBe('Alice,3,2,60,84,2,360,552,1,1,50.0,1,1,50.0');
  });
});
