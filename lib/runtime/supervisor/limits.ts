/**
 * The worker's heap limits. A rule set that allocates without bound ends its worker with
 * ERR_WORKER_OUT_OF_MEMORY; the function lives on and answers with the fallback. The old generation
 * gets 40 % of the function's memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE), between 64 and 512 MiB, so the
 * worker runs out before the function does; 256 MiB where the size is unknown (locally).
 */
import type { ResourceLimits } from 'node:worker_threads';

export function workerLimits(env: NodeJS.ProcessEnv = process.env): ResourceLimits {
  const memory = Number(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  const old = Number.isFinite(memory) && memory > 0 ? Math.min(512, Math.max(64, Math.floor(memory * 0.4))) : 256;
  return { maxOldGenerationSizeMb: old, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };
}
