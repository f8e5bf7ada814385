/// <reference types="node" preserve="true" />
/** `workmail-rules/cdk`: the constructs, the stack, and the configuration they read. */
export { ConfigError, HandlerCheckError } from './errors';
export type { HandlerFacts } from './handler-check';
export {
  WORKMAIL_REGIONS,
  parseConfig,
  type WorkMailConfig,
  type WorkMailConfigInput,
  type FunctionConfig,
  type FunctionConfigInput,
  type WorkMailRegion,
  type RuleKind,
  type RuleDirection,
} from './config/config';
export { configFromContext, stackNameFromContext, CONTEXT_KEY } from './config/context';
export { RewriteBucket, type RewriteBucketProps } from './rewrite-bucket';
export { WorkMailRuleFunction, type WorkMailRuleFunctionProps } from './rule-function';
export { WorkMailRulesStack, type WorkMailRulesStackProps } from './stack';
export { WorkMailAvailabilityProvider, availabilityPrincipal, type WorkMailAvailabilityProviderProps } from './availability/provider';
export {
  AVAILABILITY_REGIONS,
  parseAvailabilityConfig,
  type AvailabilityConfig,
  type AvailabilityConfigInput,
  type AvailabilityRegion,
} from './availability/config';
export {
  MailManagerRules,
  MailManagerRulesError,
  compileMailManagerRules,
  type MailManagerRulesProps,
  type MailManagerRuleFidelity,
} from './mail-manager-rules';
export { RulesMonitoring, type RulesMonitoringProps } from './monitoring';
export { AlarmTopic } from './alarm-topic';
export { FailureDestination, type FailureDestinationProps } from './failure-destination';
export { RulesDashboard, type RulesDashboardProps } from './dashboard';
export { functionAlarms, type MonitoredFunction } from './alarms';
export { dashboardBodyOf, renderDashboardLayout } from './dashboard-layout';
export {
  DEFAULT_MONITORING,
  parseMonitoringConfig,
  type MonitoringConfig,
  type MonitoringConfigInput,
  type AlarmSettings,
} from './config/monitoring';
