import { budgetUseByTenant } from '@helpdesk/billing';
import { circuitStates } from '@helpdesk/escalation';
import { createRegistry, Gauge, queueCollector, type Registry } from '@helpdesk/metrics';
import { redis, systemDb } from './clients';

const holder = globalThis as unknown as { __helpdeskMetrics?: Registry };
const CIRCUIT_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * The web app's registry: its own process series plus what is shared by every process (queues in Redis, the cloud
 * circuits, tenants' budgets), read at scrape time. Workers serve their own job and model series on their ports.
 */
export function webMetrics(): Registry {
  if (holder.__helpdeskMetrics) return holder.__helpdeskMetrics;
  const registry = createRegistry('web');
  queueCollector(registry, redis);
  new Gauge({
    name: 'helpdesk_cloud_circuit_state',
    help: 'Shared circuit of each cloud model: 0 closed, 1 half-open (one trial call allowed), 2 open (calls fall back to local).',
    labelNames: ['model'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { model, state } of await circuitStates(redis())) this.set({ model }, CIRCUIT_VALUE[state]);
    },
  });
  const spent = new Gauge({
    name: 'helpdesk_budget_spent_micros',
    help: 'This month’s cloud spend of each tenant, in micro-dollars.',
    labelNames: ['tenant'],
    registers: [registry],
  });
  new Gauge({
    name: 'helpdesk_budget_used_ratio',
    help: 'This month’s cloud budget used by each tenant, spent plus reserved over the limit (1 = exhausted).',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      this.reset();
      spent.reset();
      for (const b of await budgetUseByTenant(systemDb())) {
        this.set({ tenant: b.tenantSlug }, b.limitMicros === 0n ? 0 : Number(b.spentMicros + b.reservedMicros) / Number(b.limitMicros));
        spent.set({ tenant: b.tenantSlug }, Number(b.spentMicros));
      }
    },
  });
  holder.__helpdeskMetrics = registry;
  return registry;
}
