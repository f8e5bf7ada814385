/** Exports of a rule set to other mail systems: Sieve scripts and Amazon SES Mail Manager rule sets. */
export { exportSieve, type SieveExport, type ExportOptions } from './sieve/compile';
export { exportMailManager, type MailManagerExport } from './mail-manager/compile';
export {
  MAIL_MANAGER_LIMITS,
  JUNK_HEADER,
  type MailManagerRule,
  type MailManagerAction,
  type MailManagerCondition,
} from './mail-manager/types';
export { ExportError, type RuleFidelity, type FidelityStatus } from './types';
export { formatReport } from './report';
export { loadRuleSets, loadHandlerRuleSets, defaultRulesFiles, type LoadedRuleSet, type ExportFunction } from './load';
export type { RewriteSpec } from './sieve/rewrite';
export { writeAll } from './write';
export { TARGETS, targetById } from './targets';
export { countByStatus, type ExportTarget, type Capability, type TargetOutput, type CompileInput } from './target';
export { SIEVE_HOSTS } from './sieve/hosts';
