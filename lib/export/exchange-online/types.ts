/** Exchange Online transport-rule limits (Exchange Online service description, New-TransportRule). */
export const EXCHANGE_LIMITS = {
  rules: 300,
  ruleBytes: 8 * 1024,
  regexChars: 20 * 1024,
  name: 64,
  comments: 1024,
  rejectText: 1024,
  disclaimer: 5000,
  subjectPrefix: 1024,
} as const;

/** One transport rule: its parameters in the order they are written. */
export interface TransportRule {
  /** Our rule (or `(otherwise)`, `rewrite n`) it comes from. */
  from: string;
  params: [string, import('./powershell').PsValue][];
}
