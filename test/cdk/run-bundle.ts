/** Invokes a produced bundle's handler in a child `node` process (see bundle-runner.mjs). */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const RUNNER = path.join(__dirname, 'bundle-runner.mjs');

export interface BundleRun {
  result: unknown;
  stdout: string;
  stderr: string;
}

/**
 * Runs `handler(event, context)` of `bundle` with a clean environment (nothing of jest, no credentials
 * or endpoints but those in `env`). Asynchronous, so emulators in this process keep answering.
 * Rejects with the child's output when the handler fails.
 */
export async function invokeBundle(bundle: string, event: unknown, workDir: string, env: Record<string, string> = {}): Promise<BundleRun> {
  const base = path.join(workDir, `invoke-${process.hrtime.bigint()}`);
  fs.writeFileSync(`${base}.event.json`, JSON.stringify(event));
  const child = spawn(process.execPath, [RUNNER, bundle, `${base}.event.json`, `${base}.result.json`], {
    env: { PATH: process.env['PATH'] ?? '', AWS_REGION: 'us-east-1', NODE_OPTIONS: '--enable-source-maps', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const out = fs.existsSync(`${base}.result.json`)
    ? (JSON.parse(fs.readFileSync(`${base}.result.json`, 'utf8')) as { result?: unknown; error?: string })
    : {};
  if (status !== 0 || out.error !== undefined) {
    throw new Error(`bundle ${bundle} failed (status ${status}): ${out.error ?? ''}\n${stdout}\n${stderr}`);
  }
  return { result: out.result, stdout, stderr };
}
