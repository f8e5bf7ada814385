export * from './types';
export { LIMITS } from './limits';
export { EventValidationError, type ValidationIssue } from './errors';
export { parseEvent, type ParseEventOptions } from './parse-event';
export { validateResponse } from './validate-response';
