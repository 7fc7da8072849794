import type { LlamaContext, LlamaContextSequence } from 'node-llama-cpp';

interface Slot {
  sequence: LlamaContextSequence;
  busy: boolean;
  /** What the sequence's KV state starts with (a tenant's system prompt), so a job for the same tenant reuses it. */
  prefixKey?: string;
  lastUsed: number;
}

export interface Lease {
  sequence: LlamaContextSequence;
  /** True when this sequence last held the same prefix: its KV cache will be reused. */
  warm: boolean;
  release(prefixKey?: string): void;
}

/** Hands the context's sequences to jobs one at a time, preferring one that already holds the job's prefix. */
export class SequencePool {
  private slots: Slot[];
  private waiters: (() => void)[] = [];

  constructor(context: LlamaContext, size: number) {
    this.slots = Array.from({ length: size }, () => ({ sequence: context.getSequence(), busy: false, lastUsed: 0 }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** The pooled sequences, for inspection (status, leak tests); jobs go through acquire(). */
  get sequences(): readonly LlamaContextSequence[] {
    return this.slots.map((s) => s.sequence);
  }

  get busy(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  async acquire(prefixKey?: string): Promise<Lease> {
    for (;;) {
      const free = this.slots.filter((s) => !s.busy);
      if (free.length) {
        const slot =
          free.find((s) => prefixKey !== undefined && s.prefixKey === prefixKey) ??
          free.reduce((a, b) => (a.lastUsed <= b.lastUsed ? a : b));
        slot.busy = true;
        const warm = prefixKey !== undefined && slot.prefixKey === prefixKey;
        let released = false;
        return {
          sequence: slot.sequence,
          warm,
          release: (key?: string) => {
            if (released) return;
            released = true;
            slot.busy = false;
            slot.prefixKey = key;
            slot.lastUsed = Date.now();
            this.waiters.shift()?.();
          },
        };
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
