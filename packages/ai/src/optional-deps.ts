import type { Db } from '@helpdesk/db';

/**
 * The classifier package is built in parallel; its functions are looked up at run time so triage works
 * (model only) before or without it. The types are the shared contract it implements.
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
};
