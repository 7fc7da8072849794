import { describe, expect, it } from 'vitest';
import { cloudSettings } from '../src/cloud-config';

describe('cloudSettings', () => {
  it('is simulated without a key, and with a key for a Messages API server on this machine', () => {
    expect(cloudSettings({}).mode).toBe('simulated');
    expect(cloudSettings({ ANTHROPIC_API_KEY: 'simulated', ANTHROPIC_BASE_URL: 'http://127.0.0.1:4010' }).mode).toBe('simulated');
    expect(cloudSettings({ ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'http://localhost:4010' }).mode).toBe('simulated');
  });

  it('is live with a key for Anthropic or another remote host', () => {
    expect(cloudSettings({ ANTHROPIC_API_KEY: 'sk-ant-x' })).toMatchObject({ mode: 'live', baseURL: 'https://api.anthropic.com' });
    expect(cloudSettings({ ANTHROPIC_API_KEY: 'sk-ant-x', ANTHROPIC_BASE_URL: 'https://gateway.example.com' }).mode).toBe('live');
  });
});
