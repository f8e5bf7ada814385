/**
 * The sandbox's messages in memory, newest first, bounded by count and by bytes (the oldest go first;
 * their Maildir files stay); listeners hear of each new or updated one.
 */
import { EventEmitter } from 'node:events';
import type { SandboxRecord, StoredRecord } from './types';

export interface MessageFilter {
  recipient?: string;
  action?: string;
}

export class MessageStore extends EventEmitter {
  private readonly byId = new Map<string, StoredRecord>();
  private readonly order: string[] = [];
  private bytes = 0;

  constructor(
    private readonly keep: number,
    private readonly keepBytes = 512 * 1024 * 1024,
  ) {
    super();
    this.setMaxListeners(0);
  }

  add(record: StoredRecord): void {
    this.byId.set(record.id, record);
    this.order.push(record.id);
    this.bytes += sizeOf(record);
    while (this.order.length > 1 && (this.order.length > this.keep || this.bytes > this.keepBytes)) {
      const old = this.byId.get(this.order.shift()!)!;
      this.bytes -= sizeOf(old);
      this.byId.delete(old.id);
    }
    this.emit('message', summary(record));
  }

  /** Tell listeners a record changed (the asynchronous functions finished). */
  touch(record: StoredRecord): void {
    if (this.byId.has(record.id)) this.emit('message', summary(record));
  }

  get(id: string): StoredRecord | undefined {
    return this.byId.get(id);
  }

  /** Newest first; `recipient` matches a recipient's address (case-insensitive substring), `action` an action type. */
  list(filter: MessageFilter = {}): SandboxRecord[] {
    const r = filter.recipient?.toLowerCase();
    const a = filter.action?.toUpperCase();
    const out: SandboxRecord[] = [];
    for (let i = this.order.length - 1; i >= 0; i--) {
      const rec = this.byId.get(this.order[i]!)!;
      const hits = rec.outcomes.filter((o) => (!r || o.recipient.toLowerCase().includes(r)) && (!a || o.action === a));
      if (hits.length === 0 && (r || a)) continue;
      out.push(summary(rec));
    }
    return out;
  }

  get size(): number {
    return this.order.length;
  }
}

const sizeOf = (r: StoredRecord) => r.original.length + (r.delivered === r.original ? 0 : r.delivered.length);

/** A record without its bytes (what the list and the live updates carry). */
export function summary(rec: StoredRecord): SandboxRecord {
  const { original: _o, delivered: _d, ...rest } = rec;
  return rest;
}
