import type { Redis } from 'ioredis';
import { rollupUsage } from '@helpdesk/billing';
import { sweepRetrains } from '@helpdesk/classifier';
import { autoCloseSolved, sendAccountMail, sendMessageMail, sweepSla, type AttachmentStore, type MailTransport } from '@helpdesk/core';
import type { Db, SystemClient } from '@helpdesk/db';
import { deliverBudgetAlert, sweepAbandonedHolds } from '@helpdesk/escalation';
import { dispatchOutbox, jobMayRun, reconcileOutbox, type Handlers } from '@helpdesk/jobs';

export interface OpsDeps {
  db: Db;
  systemDb: SystemClient;
  redis: Redis;
  transport: MailTransport;
  fromDomain: string;
  /** The web app's public URL, for links in account mails. */
  appUrl: string;
  store?: AttachmentStore;
}

/** Thin adapters: each job names the domain function that does the work. */
export function mailHandlers(deps: OpsDeps): Handlers {
  return {
    mail: (payload) => sendMessageMail(deps.db, deps.transport, payload, { fromDomain: deps.fromDomain, store: deps.store }),
    accountMail: (payload) => sendAccountMail(deps.systemDb, deps.transport, payload, { appUrl: deps.appUrl, fromDomain: deps.fromDomain }),
  };
}

export function maintenanceHandlers(deps: OpsDeps): Handlers {
  return {
    outboxDispatch: async () => ({
      dispatched: await dispatchOutbox(deps.systemDb, deps.redis),
      ...(await reconcileOutbox(deps.systemDb, deps.redis)),
    }),
    slaSweep: () => sweepSla(deps.systemDb),
    autoClose: () => autoCloseSolved(deps.systemDb),
    usageRollup: () => rollupUsage(deps.db),
    retrainSweep: () => sweepRetrains(deps.db),
    // Budget holds are made only by draft jobs, keyed by the draft job's id.
    holdSweep: () => sweepAbandonedHolds(deps.systemDb, deps.db, { jobMayRun: (jobId) => jobMayRun(deps.redis, 'draft', jobId) }),
  };
}

export function budgetAlertHandlers(deps: OpsDeps): Handlers {
  return {
    budgetAlert: (payload) => deliverBudgetAlert(deps.db, payload.alertId, { tenantId: payload.tenantId }),
  };
}
