/** Starting and stopping bench/cold-start/emulator.ts as a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface EmulatorProcess {
  env: Record<string, string>;
  /** Stops it; resolves with how many stored messages were replaced by a rewrite. */
  stop(): Promise<{ rewritten: number }>;
}

export class EmulatorProcessError extends Error {
  readonly code = 'BENCH_EMULATOR' as const;
}

export function startEmulatorProcess(repoRoot: string, messageFile: string, ids: string[]): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'emulator.ts'), messageFile, ...ids], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new EmulatorProcessError(`the local WorkMail process exited early (${code}): ${stderr.slice(-2000)}`));
    child.once('exit', onExit);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      child.off('exit', onExit);
      const { env } = JSON.parse(stdout.slice(0, nl)) as { env: Record<string, string> };
      resolve({
        env,
        stop: () =>
          new Promise((done, fail) => {
            child.once('exit', () => {
              const line = stderr.trim().split('\n').pop() ?? '';
              try {
                done(JSON.parse(line) as { rewritten: number });
              } catch {
                fail(new EmulatorProcessError(`the local WorkMail process gave no summary: ${stderr.slice(-2000)}`));
              }
            });
            child.stdin!.end();
          }),
      });
    });
  });
}
