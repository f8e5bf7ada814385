/**
 * What the `workmail-rules` command uses from the library: the replay, serve and checklist commands.
 * Not a package entry (package.json `exports` does not list it); bin/ imports it and the public entries only.
 */
export { runReplayCommand, type CommandIO } from './local/cli/run';
export { handlerExport, resolveHandlerPath } from './local/handler-module';
export type { ReplayFunction } from './local/cli/targets';
export { USAGE as REPLAY_USAGE } from './local/cli/args';
export { runServeCommand, SERVE_USAGE } from './local/sandbox/cli';
export { buildChecklist, formatChecklist, ChecklistError } from './cdk/checklist/checklist';
export { checklistSourceFromCloudAssembly, checklistSourceFromOutputs } from './cdk/checklist/source';
export type { WorkMailConfig } from './cdk/config/config';
export { CONTEXT_KEY, configFromContext, parseContextFlags, readCdkJsonContext, stackNameFromContext } from './cdk/config/context';
export { ConfigError } from './cdk/errors';
export {
  exportSieve,
  exportMailManager,
  formatReport,
  TARGETS,
  targetById,
  countByStatus,
  type ExportTarget,
  loadRuleSets,
  loadHandlerRuleSets,
  defaultRulesFiles,
  writeAll,
  ExportError,
  type RuleFidelity,
  type LoadedRuleSet,
} from './export/index';
