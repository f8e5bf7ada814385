/**
 * Finding a python3 that can import boto3 (the AWS samples' runtime), resolved to the real executable
 * (a pyenv shim is a shell script whose start-up would be counted against Python).
 */
import { spawnSync } from 'node:child_process';

export interface PythonFound {
  executable: string;
  version: string;
  boto3: string;
}

function probe(command: string): PythonFound | undefined {
  const r = spawnSync(
    command,
    ['-c', 'import sys, boto3; print(sys.executable); print(sys.version.split()[0]); print(boto3.__version__)'],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0 || !r.stdout) return undefined;
  const [executable, version, boto3] = r.stdout.trim().split('\n');
  return executable && version && boto3 ? { executable, version, boto3 } : undefined;
}

let attemptedInstall = false;

/**
 * The first of `python3` on PATH and Debian's /usr/bin/python3 with boto3. When none has it, try once
 * `apt-get install -y python3-boto3` (the set-up step of the issue), then look again.
 */
export function findPythonWithBoto3(log: (s: string) => void = () => {}): { found?: PythonFound; note: string } {
  for (const c of ['python3', '/usr/bin/python3']) {
    const f = probe(c);
    if (f) return { found: f, note: `${f.executable} (Python ${f.version}, boto3 ${f.boto3})` };
  }
  if (!attemptedInstall) {
    attemptedInstall = true;
    log('  boto3 missing: trying apt-get install -y python3-boto3 once');
    const r = spawnSync('apt-get', ['install', '-y', '-q', 'python3-boto3'], { encoding: 'utf8', timeout: 300_000 });
    if (r.status === 0) {
      const f = probe('/usr/bin/python3');
      if (f) return { found: f, note: `${f.executable} (Python ${f.version}, boto3 ${f.boto3}, installed by the bench set-up)` };
    }
    return {
      note: `no python3 with boto3; apt-get install python3-boto3 failed (${r.error?.message ?? `exit ${r.status}`}): Python figure skipped`,
    };
  }
  return { note: 'no python3 with boto3: Python figure skipped' };
}
