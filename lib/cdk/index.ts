/** The CDK side of workmail-rules: constructs, the stack, and the configuration they read. */
export { ConfigError } from './errors';
export {
  WORKMAIL_REGIONS, ORGANIZATION_ID_PATTERN, SAMPLE_ORGANIZATION_ID, SYNC_TIMEOUT_LIMIT_SECONDS, parseConfig, parseFunctionConfig, pascalName,
  type WorkMailConfig, type WorkMailConfigInput, type FunctionConfig, type FunctionConfigInput,
  type WorkMailRegion, type RuleKind, type RuleDirection,
} from './config';
export {
  configFromContext, mergeOverrides, readCdkJsonContext, parseContextFlags, CONTEXT_KEY,
  STACK_NAME_CONTEXT_KEY, DEFAULT_STACK_NAME, stackNameFromContext,
} from './context';
export { workmailPrincipal, organizationArn, messagesArn, organizationMessagesArn, functionArnPattern } from './arns';
export { flowRuleSettings, type FlowRuleSettings } from './flow-rule';
export { RewriteBucket, type RewriteBucketProps, DEFAULT_REWRITE_KEY_PREFIX } from './rewrite-bucket';
export { WorkMailRuleFunction, type WorkMailRuleFunctionProps, RULE_FUNCTION_RUNTIME, ESM_REQUIRE_BANNER } from './rule-function';
export { WorkMailRulesStack, type WorkMailRulesStackProps } from './stack';
export { outputNames } from './output-names';
export { bundleSizes, formatBundleSizes, BundleSizeError, type BundleSize } from './bundle-sizes';
export { buildChecklist, formatChecklist, ChecklistError, ACCOUNT_PLACEHOLDER, type Checklist, type ChecklistRule } from './checklist';
