import type { Db } from '@helpdesk/db';

/**
 * Sibling packages built in parallel (classifier, escalation, billing). Their functions are looked up at
 * run time so the AI engine works, with a local-only path, before or without them. The types are the
 * shared contracts those packages implement.
 */
export interface ClassifierPrediction {
  ranked: { key: string; prob: number }[];
  confidence: number;
  outOfScope: boolean;
}
export interface ActiveClassifier {
  version: number;
  predict(text: string): ClassifierPrediction;
}
export interface UsageInput {
  tenantId: string;
  ticketId?: string;
  feature: 'TRIAGE' | 'RETRIEVAL' | 'EMBEDDING' | 'DRAFT' | 'SUMMARY';
  model: string;
  provider: 'LOCAL';
  tokensIn: number;
  tokensOut: number;
  durationMs: number;
  computeMs?: number;
  idempotencyKey: string;
  jobId?: string;
  attempt?: number;
}
export interface LocalDraft {
  body: string;
  tokensIn: number;
  tokensOut: number;
  durationMs: number;
  modelId: string;
}
export interface RouteDraftContext {
  db: Db;
  tenantId: string;
  ticketId: string;
  contentVersion: number;
  jobId?: string;
  attempt?: number;
  citations: unknown;
  localDraft: () => Promise<LocalDraft>;
}

type Fn<A extends unknown[], R> = (...args: A) => Promise<R>;

async function lookup<F>(specifier: string, name: string): Promise<F | null> {
  try {
    const mod = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    return typeof mod[name] === 'function' ? (mod[name] as F) : null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Absent (not built yet) is expected; a package that exists but fails to load is a bug to surface.
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (module|package)/.test((error as Error).message)) return null;
    throw error;
  }
}

export const optional = {
  loadActiveClassifier: () => lookup<Fn<[Db, string], ActiveClassifier | null>>('@helpdesk/classifier', 'loadActiveClassifier'),
  trainTenantClassifier: () => lookup<Fn<[Db, string], unknown>>('@helpdesk/classifier', 'trainTenantClassifier'),
  recordUsage: () => lookup<Fn<[Db, UsageInput], unknown>>('@helpdesk/billing', 'recordUsage'),
  routeDraft: () => lookup<Fn<[RouteDraftContext], unknown>>('@helpdesk/escalation', 'routeDraft'),
};
