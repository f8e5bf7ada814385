/** The shape of bench/results.json, and how targets are recorded and printed. */
import * as fs from 'node:fs';
import type { Machine } from './machine';

export interface Target {
  /** Stable id, e.g. `decide.500x200`. */
  id: string;
  /** What the target says, e.g. "decide 500×200 ≤ 5× floor". */
  description: string;
  /** The measured value the target is about (a ratio, bytes, seconds...). */
  value: number;
  /** Pass when value ≤ limit. */
  limit: number;
  unit: string;
  pass: boolean;
  /** Why it was missed (or a caveat), in plain words. */
  reason?: string;
}

export interface SectionSkip {
  skipped: true;
  reason: string;
}

export interface Results {
  generatedAt: string;
  mode: 'full' | 'quick';
  only?: string[];
  machine: Machine;
  /** Seconds the whole harness took. */
  durationSeconds: number;
  sections: Record<string, unknown>;
  targets: Target[];
  notes: string[];
}

export function target(id: string, description: string, value: number, limit: number, unit: string, reason?: string): Target {
  const pass = value <= limit;
  return { id, description, value, limit, unit, pass, ...(reason !== undefined && (!pass || reason) ? { reason } : {}) };
}

export function formatTarget(t: Target): string {
  const v = Number.isInteger(t.value) ? String(t.value) : t.value.toFixed(3);
  return `${t.pass ? 'PASS' : 'MISS'}  ${t.description}: ${v} ${t.unit} (limit ${t.limit} ${t.unit})${t.reason ? ` - ${t.reason}` : ''}`;
}

export function writeResults(file: string, results: Results): void {
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}

export function readResults(file: string): Results {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
}
