/** What the Google Workspace checklist is made of: Admin console settings, their expressions and actions. */

/** Where an Advanced content match looks. */
export type Location = 'Subject' | 'Body' | 'Full headers' | 'Envelope sender' | 'Envelope recipient';
export type MatchType = 'Contains text' | 'Not contains text' | 'Matches regex' | 'Not matches regex';

/** One expression of a setting (or a marker the setting choice reads). */
export type Expr =
  | { kind: 'content'; location: Location; match: MatchType; value: string }
  | { kind: 'size'; over: boolean; mb: number }
  | { kind: 'file'; what: 'File name' | 'File size'; match: string; value: string }
  /** Gmail's own spam, malware or DMARC handling (what Amazon SES's verdict headers stood for). */
  | { kind: 'builtin'; id: 'spam' | 'virus' | 'dmarc' };

/** Expressions joined the one way Google joins a setting's expressions. */
export interface Formula {
  join: 'ALL' | 'ANY';
  exprs: Expr[];
}

export type SettingId =
  | 'Content compliance'
  | 'Attachment compliance'
  | 'Objectionable content'
  | 'Blocked senders'
  | 'Spam'
  | 'Routing'
  | 'Append footer'
  | 'built in'
  | 'none';

/** Where each setting is in the Admin console (Apps > Google Workspace > Gmail > …). */
export const SETTING_PATH: Record<SettingId, string> = {
  'Content compliance': 'Gmail > Compliance > Content compliance',
  'Attachment compliance': 'Gmail > Compliance > Attachment compliance',
  'Objectionable content': 'Gmail > Compliance > Objectionable content',
  'Blocked senders': 'Gmail > Spam, phishing and malware > Blocked senders',
  Spam: 'Gmail > Spam, phishing and malware > Spam (approved senders)',
  Routing: 'Gmail > Routing > Routing',
  'Append footer': 'Gmail > Compliance > Append footer',
  'built in': 'Gmail > Spam, phishing and malware (built in, nothing to add)',
  none: 'nothing to configure',
};

/** One checklist entry: a rule (or an edit) and the setting that carries it. */
export interface GoogleEntry {
  /** Our rule, `(otherwise)` or `rewrite n: …`. */
  rule: string;
  description?: string;
  setting: SettingId;
  /** Email messages to affect (Inbound, Outbound, Internal - sending, Internal - receiving). */
  affect: string[];
  /** Lines describing what to match, already Markdown. */
  conditions: string[];
  /** Lines describing the action to choose, already Markdown. */
  action: string[];
}

/** How strongly a setting's action wins when several settings match (Reject, then Quarantine, then Modify). */
export type Strength = 0 | 1 | 2 | 3;
