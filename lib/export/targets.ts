/** The explicit list of export targets: the CLI offers, documents and runs exactly these. */
import { exchangeOnlineTarget } from './exchange-online/target';
import { googleWorkspaceTarget } from './google-workspace/target';
import { mailManagerTarget } from './mail-manager/target';
import { sieveTarget } from './sieve/target';
import type { ExportTarget } from './target';

export const TARGETS: readonly ExportTarget[] = [sieveTarget, mailManagerTarget, exchangeOnlineTarget, googleWorkspaceTarget];

export const targetById = (id: string | undefined): ExportTarget | undefined => TARGETS.find((t) => t.id === id);
