export * from './types';
export { LIMITS } from './limits';
export { EventValidationError, WorkMailRulesError, type ValidationIssue } from './errors';
export { parseEvent, parseEventWithDeviations, type ParseEventOptions, type ParsedEvent } from './parse-event';
export { validateResponse } from './validate-response';
export type { MessageContent, AttachmentFacts } from './message-content';
