import { DraftSource, TriageSource, type Db } from '@helpdesk/db';
import { rangeBoundsSql, type ReportRange } from './range';

/** What reviewers did with the drafts one source wrote in the range. */
export interface DraftOutcomeRow {
  source: DraftSource;
  drafts: number;
  /** Sent exactly as written (whitespace aside), by a person or by auto-send. */
  approvedUnchanged: number;
  /** Of those sent unchanged, the ones auto-send sent without a reviewer. */
  autoSent: number;
  approvedEdited: number;
  /** Approved before the edit distance was recorded at approval; counted as approved, neither unchanged nor edited. */
  approvedUnmeasured: number;
  discarded: number;
  /** Still waiting for a reviewer, or superseded by a newer draft before anyone looked. */
  notReviewed: number;
  failed: number;
  /** Normalised Levenshtein distance (0 = same text, 1 = nothing in common) over the drafts sent after editing. */
  editRatioMedian: number | null;
  editRatioMean: number | null;
  /** Characters changed (Levenshtein distance), median over the edited drafts. */
  editCharsMedian: number | null;
  /** Share of reviewed drafts (approved or discarded, edit measured) sent without a change; null when none. */
  acceptedUnchangedRate: number | null;
}

/** How often agents corrected the triage one source produced in the range. */
export interface TriageOutcomeRow {
  source: TriageSource;
  triaged: number;
  /** Triage results with at least one chip an agent changed to another value. */
  corrected: number;
  categoryCorrected: number;
  priorityCorrected: number;
  sentimentCorrected: number;
  correctionRate: number | null;
}

export interface AiQualityReport {
  range: ReportRange;
  drafts: DraftOutcomeRow[];
  triage: TriageOutcomeRow[];
}

interface DraftSql {
  source: DraftSource;
  drafts: number;
  unchanged: number;
  auto_sent: number;
  edited: number;
  unmeasured: number;
  discarded: number;
  not_reviewed: number;
  failed: number;
  ratio_median: number | null;
  ratio_mean: number | null;
  chars_median: number | null;
}

interface TriageSql {
  source: TriageSource;
  triaged: number;
  corrected: number;
  category: number;
  priority: number;
  sentiment: number;
}

const round4 = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10_000) / 10_000);

/**
 * The AI's record in practice, from stored rows only: drafts created in the range by source and what happened to
 * them (the edit distance is stored on the draft when it is approved), and triage results created in the range by
 * source with the agents' corrections of them (TriageLabel rows changing a field to another value before the
 * ticket's next triage).
 */
export async function aiQualityReport(db: Db, tenantId: string, range: ReportRange): Promise<AiQualityReport> {
  const { from, to } = rangeBoundsSql(range);
  const [drafts, triage] = await Promise.all([
    db.$queryRaw<DraftSql[]>`
      SELECT d.source, count(*)::int AS drafts,
        count(*) FILTER (WHERE d.status = 'APPROVED' AND d."sentEditDistance" = 0)::int AS unchanged,
        count(*) FILTER (WHERE d.status = 'APPROVED' AND d."sentEditDistance" = 0 AND d."approvedById" IS NULL)::int AS auto_sent,
        count(*) FILTER (WHERE d.status = 'APPROVED' AND d."sentEditDistance" > 0)::int AS edited,
        count(*) FILTER (WHERE d.status = 'APPROVED' AND d."sentEditDistance" IS NULL)::int AS unmeasured,
        count(*) FILTER (WHERE d.status = 'DISCARDED')::int AS discarded,
        count(*) FILTER (WHERE d.status IN ('PENDING', 'STREAMING', 'READY'))::int AS not_reviewed,
        count(*) FILTER (WHERE d.status = 'FAILED')::int AS failed,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY d."sentEditRatio") FILTER (WHERE d.status = 'APPROVED' AND d."sentEditDistance" > 0) AS ratio_median,
        avg(d."sentEditRatio") FILTER (WHERE d.status = 'APPROVED' AND d."sentEditDistance" > 0) AS ratio_mean,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY d."sentEditDistance") FILTER (WHERE d.status = 'APPROVED' AND d."sentEditDistance" > 0) AS chars_median
      FROM "AiDraft" d
      WHERE d."tenantId" = ${tenantId} AND d."createdAt" >= ${from} AND d."createdAt" < ${to}
      GROUP BY d.source`,
    db.$queryRaw<TriageSql[]>`
      SELECT r.source, count(*)::int AS triaged,
        count(*) FILTER (WHERE c.category OR c.priority OR c.sentiment)::int AS corrected,
        count(*) FILTER (WHERE c.category)::int AS category,
        count(*) FILTER (WHERE c.priority)::int AS priority,
        count(*) FILTER (WHERE c.sentiment)::int AS sentiment
      FROM "TriageResult" r
      CROSS JOIN LATERAL (
        SELECT min(n."createdAt") AS next_at FROM "TriageResult" n
        WHERE n."tenantId" = ${tenantId} AND n."ticketId" = r."ticketId" AND n."contentVersion" > r."contentVersion"
      ) nxt
      CROSS JOIN LATERAL (
        SELECT COALESCE(bool_or(l.field = 'category' AND l."toValue" IS DISTINCT FROM r."categoryKey"), false) AS category,
          COALESCE(bool_or(l.field = 'priority' AND l."toValue" <> r.priority::text), false) AS priority,
          COALESCE(bool_or(l.field = 'sentiment' AND l."toValue" <> r.sentiment::text), false) AS sentiment
        FROM "TriageLabel" l
        WHERE l."tenantId" = ${tenantId} AND l."ticketId" = r."ticketId" AND l."createdAt" >= r."createdAt"
          AND (nxt.next_at IS NULL OR l."createdAt" < nxt.next_at)
      ) c
      WHERE r."tenantId" = ${tenantId} AND r."createdAt" >= ${from} AND r."createdAt" < ${to}
      GROUP BY r.source`,
  ]);

  const draftRows = Object.values(DraftSource).map((source): DraftOutcomeRow => {
    const r = drafts.find((d) => d.source === source);
    const unchanged = r?.unchanged ?? 0;
    const decided = unchanged + (r?.edited ?? 0) + (r?.discarded ?? 0);
    return {
      source,
      drafts: r?.drafts ?? 0,
      approvedUnchanged: unchanged,
      autoSent: r?.auto_sent ?? 0,
      approvedEdited: r?.edited ?? 0,
      approvedUnmeasured: r?.unmeasured ?? 0,
      discarded: r?.discarded ?? 0,
      notReviewed: r?.not_reviewed ?? 0,
      failed: r?.failed ?? 0,
      editRatioMedian: round4(r?.ratio_median ?? null),
      editRatioMean: round4(r?.ratio_mean ?? null),
      editCharsMedian: r?.chars_median === null || r?.chars_median === undefined ? null : Number(r.chars_median),
      acceptedUnchangedRate: decided === 0 ? null : unchanged / decided,
    };
  });
  const triageRows = Object.values(TriageSource)
    .map((source): TriageOutcomeRow => {
      const r = triage.find((t) => t.source === source);
      const triaged = r?.triaged ?? 0;
      return {
        source,
        triaged,
        corrected: r?.corrected ?? 0,
        categoryCorrected: r?.category ?? 0,
        priorityCorrected: r?.priority ?? 0,
        sentimentCorrected: r?.sentiment ?? 0,
        correctionRate: triaged === 0 ? null : (r?.corrected ?? 0) / triaged,
      };
    })
    // An agent's own triage (source AGENT) is not the AI's work; it is listed only if such rows exist.
    .filter((row) => row.source !== 'AGENT' || row.triaged > 0);
  return { range, drafts: draftRows, triage: triageRows };
}
