import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobs } from './registry';

const TICKET_JOBS = ['triage', 'retrieval', 'draft', 'summary'] as const;
export type TicketAiJob = (typeof TICKET_JOBS)[number];
const STATES = ['active', 'progress', 'completed', 'failed'] as const;
export type TicketJobState = (typeof STATES)[number];

export interface TicketJobEvent {
  job: TicketAiJob;
  state: TicketJobState;
  contentVersion: number;
}

const JOB_ID = /^(triage|retrieval|draft|summary)-(.+)-v(\d+)$/;

/** The ticket an AI job works on, read from its deterministic id (see the registry); null for any other job. */
export function parseTicketJobId(jobId: string): { job: TicketAiJob; ticketId: string; contentVersion: number } | null {
  const m = JOB_ID.exec(jobId);
  return m ? { job: m[1] as TicketAiJob, ticketId: m[2]!, contentVersion: Number(m[3]) } : null;
}

type Listener = (event: TicketJobEvent) => void;

/**
 * A ticket's AI job events (started, progress, finished, failed) for the pages watching it. One QueueEvents per AI
 * queue serves the whole process, however many pages are open, and hands each event to that ticket's listeners only.
 * Ticket ids are unique across tenants; the caller checks the viewer may see the ticket before subscribing.
 */
export class TicketJobEvents {
  private readonly listeners = new Map<string, Set<Listener>>();
  private queues: QueueEvents[] | null = null;

  constructor(private readonly redis: Redis) {}

  subscribe(ticketId: string, listener: Listener): () => void {
    this.queues ??= TICKET_JOBS.map((name) => this.watch(name));
    let set = this.listeners.get(ticketId);
    if (!set) this.listeners.set(ticketId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(ticketId);
    };
  }

  /** Resolves once every queue's event reader is connected: events before that are not seen. */
  async ready(): Promise<void> {
    await Promise.all((this.queues ?? []).map((q) => q.waitUntilReady()));
  }

  async close(): Promise<void> {
    const queues = this.queues ?? [];
    this.queues = null;
    this.listeners.clear();
    await Promise.all(queues.map((q) => q.close()));
  }

  private watch(name: TicketAiJob): QueueEvents {
    // QueueEvents blocks its connection reading the event stream, so each gets its own.
    const events = new QueueEvents(jobs[name].queue, { connection: this.redis.duplicate() });
    for (const state of STATES) {
      events.on(state, ({ jobId }: { jobId: string }) => {
        const parsed = parseTicketJobId(jobId);
        if (!parsed || parsed.job !== name) return;
        for (const listener of this.listeners.get(parsed.ticketId) ?? [])
          listener({ job: name, state, contentVersion: parsed.contentVersion });
      });
    }
    return events;
  }
}
