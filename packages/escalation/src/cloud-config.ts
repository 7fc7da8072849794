import Anthropic from '@anthropic-ai/sdk';

export const SIMULATED_BASE_URL = 'http://127.0.0.1:4010';

export interface CloudSettings {
  /** "simulated": no API key, drafts come from the local fake Messages API server; the UI says so. */
  mode: 'live' | 'simulated';
  apiKey: string;
  baseURL: string;
}

export function cloudSettings(env: { ANTHROPIC_API_KEY?: string; ANTHROPIC_BASE_URL?: string }): CloudSettings {
  if (env.ANTHROPIC_API_KEY) {
    return { mode: 'live', apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com' };
  }
  return { mode: 'simulated', apiKey: 'simulated-no-key', baseURL: env.ANTHROPIC_BASE_URL ?? SIMULATED_BASE_URL };
}

export function createCloudClient(settings: CloudSettings): Anthropic {
  return new Anthropic({ apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: 0 });
}
