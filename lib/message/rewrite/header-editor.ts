/**
 * Edits to one header block, kept as a list of fields: untouched fields stay as their original
 * bytes, changed or new ones are rebuilt. At the end the block becomes at most one patch.
 */
import type { Eol, HeaderBlock } from '../headers';
import type { Patch } from './patch';

interface Entry {
  /** Lower-cased field name ('' for a non-field line). */
  name: string;
  bytes: Buffer;
}

export class HeaderEditor {
  private readonly entries: Entry[];
  private changed = false;
  readonly eol: Eol;

  constructor(
    private readonly raw: Buffer,
    readonly block: HeaderBlock,
  ) {
    this.eol = block.eol;
    this.entries = block.fields.map((f) => ({ name: f.name, bytes: raw.subarray(f.start, f.end) }));
  }

  /** Indexes of the fields called `name` (case-insensitive). */
  indexes(name: string): number[] {
    const n = name.toLowerCase();
    const out: number[] = [];
    for (const [i, e] of this.entries.entries()) if (e.name === n) out.push(i);
    return out;
  }

  bytesAt(i: number): Buffer {
    return this.entries[i]!.bytes;
  }

  replace(i: number, bytes: Buffer): void {
    const e = this.entries[i]!;
    if (e.bytes.equals(bytes)) return;
    e.bytes = this.terminated(bytes, i === this.entries.length - 1);
    this.changed = true;
  }

  removeAt(i: number): void {
    this.entries.splice(i, 1);
    this.changed = true;
  }

  /** Remove every field called `name`; returns how many were removed. */
  remove(name: string): number {
    const n = name.toLowerCase();
    const before = this.entries.length;
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]!.name === n) this.entries.splice(i, 1);
    const removed = before - this.entries.length;
    if (removed) this.changed = true;
    return removed;
  }

  /** Insert a complete field line (with its EOL) at `index` (default: the end of the block). */
  insert(name: string, bytes: Buffer, index = this.entries.length): void {
    const prev = this.entries[index - 1];
    if (prev && prev.bytes[prev.bytes.length - 1] !== 0x0a) {
      prev.bytes = Buffer.concat([prev.bytes, Buffer.from(this.eol)]);
    }
    this.entries.splice(index, 0, { name: name.toLowerCase(), bytes });
    this.changed = true;
  }

  /** Keep a last field without line ending as it was; every other field ends with one. */
  private terminated(bytes: Buffer, last: boolean): Buffer {
    if (last && this.block.unterminated)
      return bytes[bytes.length - 1] === 0x0a ? bytes.subarray(0, bytes.length - (bytes[bytes.length - 2] === 0x0d ? 2 : 1)) : bytes;
    return bytes[bytes.length - 1] === 0x0a ? bytes : Buffer.concat([bytes, Buffer.from(this.eol)]);
  }

  patch(): Patch | undefined {
    if (!this.changed) return undefined;
    const bytes = Buffer.concat(this.entries.map((e) => e.bytes));
    if (bytes.equals(this.raw.subarray(this.block.start, this.block.end))) return undefined;
    return { start: this.block.start, end: this.block.end, bytes };
  }
}
