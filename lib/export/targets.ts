/** The explicit list of export targets: the CLI offers, documents and runs exactly these. */
import { mailManagerTarget } from './mail-manager/target';
import { sieveTarget } from './sieve/target';
import type { ExportTarget } from './target';

export const TARGETS: readonly ExportTarget[] = [sieveTarget, mailManagerTarget];

export const targetById = (id: string | undefined): ExportTarget | undefined => TARGETS.find((t) => t.id === id);
