import type { ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import type { Db, SystemClient } from '@helpdesk/db';
import type { TestTenant } from '@helpdesk/testkit';
import { waitFor } from '@helpdesk/testkit/wait';
import type { Children } from './children';

/** What bench:load's scenarios share: its database, Redis, tenant and web server, and how it logs. */
export interface LoadRun {
  db: Db;
  systemDb: SystemClient;
  redis: Redis;
  databaseUrl: string;
  tenant: TestTenant;
  /** The tenant's API key, as the authorization header. */
  auth: { authorization: string };
  web: { base: string; child: ChildProcess };
  children: Children;
  /** What every server and worker of the run is started with. */
  env: Record<string, string>;
  /** This run's id, in every Message-ID and idempotency key it sends. */
  run: string;
  connections: number;
  apiSeconds: number;
  log: (msg: string) => void;
  /** The machine's load average, for the log lines. */
  load: () => string;
}

/** Polls `probe` every 500 ms; a failed probe counts as not yet, and a timeout is logged and answered false. */
export async function until(log: (msg: string) => void, what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  return waitFor(what, () => probe().catch(() => false), timeoutMs, 500).then(
    () => true,
    () => {
      log(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
      return false;
    },
  );
}
