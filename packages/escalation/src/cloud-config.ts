import Anthropic from '@anthropic-ai/sdk';

export const SIMULATED_BASE_URL = 'http://127.0.0.1:4010';

export interface CloudSettings {
  /** "simulated": no API key, or a Messages API server on this machine; drafts do not come from Anthropic and the UI says so. */
  mode: 'live' | 'simulated';
  apiKey: string;
  baseURL: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a base URL is a server on this machine (`npm start`'s simulator, the tests'), which is never Anthropic's cloud. */
export function isLocalBaseUrl(baseURL: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(baseURL).hostname);
}

export function cloudSettings(env: { ANTHROPIC_API_KEY?: string; ANTHROPIC_BASE_URL?: string }): CloudSettings {
  if (env.ANTHROPIC_API_KEY) {
    // `npm start` sets a placeholder key for its local simulator, so a key alone does not make the cloud real.
    const baseURL = env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com';
    return { mode: isLocalBaseUrl(baseURL) ? 'simulated' : 'live', apiKey: env.ANTHROPIC_API_KEY, baseURL };
  }
  return { mode: 'simulated', apiKey: 'simulated-no-key', baseURL: env.ANTHROPIC_BASE_URL ?? SIMULATED_BASE_URL };
}

export function createCloudClient(settings: CloudSettings): Anthropic {
  return new Anthropic({ apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: 0 });
}
