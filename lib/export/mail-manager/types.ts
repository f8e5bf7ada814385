/**
 * The Mail Manager rule set shape (AWS::SES::MailManagerRuleSet, CloudFormation property names) and
 * its documented limits: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ses-mailmanagerruleset.html
 */

export const MAIL_MANAGER_LIMITS = {
  rules: 40,
  conditionsPerRule: 10,
  unlessPerRule: 10,
  actionsPerRule: 10,
  valuesPerExpression: 10,
  ruleName: /^[a-zA-Z0-9_.-]{1,32}$/,
  mimeHeader: /^X-[a-zA-Z0-9-]{1,256}$/,
  addHeaderName: /^[xX]-[a-zA-Z0-9-]{1,62}$/,
  addHeaderValueLength: 128,
  stringValueLength: 4096,
  diagnosticMessageLength: 256,
} as const;

export type StringAttribute = 'MAIL_FROM' | 'HELO' | 'RECIPIENT' | 'SENDER' | 'FROM' | 'SUBJECT' | 'TO' | 'CC';
export type StringOperator = 'EQUALS' | 'NOT_EQUALS' | 'STARTS_WITH' | 'ENDS_WITH' | 'CONTAINS';

/** One RuleCondition (a union: exactly one member). */
export type MailManagerCondition =
  | {
      StringExpression: {
        Evaluate: { Attribute: StringAttribute } | { MimeHeaderAttribute: string };
        Operator: StringOperator;
        Values: string[];
      };
    }
  | { NumberExpression: { Evaluate: { Attribute: 'MESSAGE_SIZE' }; Operator: 'GREATER_THAN' | 'LESS_THAN_OR_EQUAL'; Value: number } }
  | { VerdictExpression: { Evaluate: { Attribute: 'SPF' | 'DKIM' }; Operator: 'EQUALS' | 'NOT_EQUALS'; Values: string[] } };

/**
 * One RuleAction. `Deliver` and `Bounce` are placeholders: the `MailManagerRules` construct puts the
 * delivery action and the bounce settings (role, sender) you give it in their place.
 */
export type MailManagerAction =
  | { Drop: Record<string, never> }
  | { Bounce: { Message: string } }
  | { Deliver: Record<string, never> }
  | { AddHeader: { HeaderName: string; HeaderValue: string } }
  | { ReplaceRecipient: { ReplaceWith: string[] } };

export interface MailManagerRule {
  Name: string;
  Conditions: MailManagerCondition[];
  Unless: MailManagerCondition[];
  Actions: MailManagerAction[];
}

/** The header MOVE_TO_JUNK adds, so the next hop can file the message as junk. */
export const JUNK_HEADER = { HeaderName: 'X-WorkMail-Rules-Junk', HeaderValue: 'true' } as const;
