/** The engine's public surface: actions, conditions, patterns, rule sets, evaluation and planning. */
export * from './actions';
export * from './decision';
export * from './plan';
export * from './expand';
export * from './conditions/index';
export { compilePattern, patternProblem, bestMatch, RANK, type AddressPattern, type CompiledPattern, type PatternKind } from './patterns';
export { defineRules, RuleDefinitionError, type Rule, type RuleSet, type RuleSetDefinition, type CompiledRule } from './rules';
export type { ActionFor, Precedence, RuleMode, RuleProblem } from './rules';
export { evaluate, type EvaluateOptions } from './evaluate';
