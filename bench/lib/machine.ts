/** A description of the machine a benchmark ran on, for the results file. */
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  arch: string;
  node: string;
  v8: string;
  /** 1-minute load average when the harness started and ended (other work on the machine skews figures). */
  loadAverage1m?: { start: number; end: number };
}

function osName(): string {
  try {
    const text = fs.readFileSync('/etc/os-release', 'utf8');
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
    if (m) return m[1]!;
  } catch {
    // not Linux, or no os-release: fall back to the platform name
  }
  return `${os.type()} ${os.release()}`;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: (cpus[0]?.model ?? 'unknown').trim(),
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    kernel: os.release(),
    arch: process.arch,
    node: process.version,
    v8: process.versions.v8,
  };
}
