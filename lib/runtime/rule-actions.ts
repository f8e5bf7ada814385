import { actionKey } from '../engine/actions';
import type { Decision } from '../engine/decision';
import type { SyncResponse } from '../workmail/types';

export interface RuleActionLog {
  action: string;
  recipients: string[];
  allRecipients?: true;
  ruleNames: string[];
}

/**
 * The response as WorkMail's RULE_APPLIED event shows it (https://docs.aws.amazon.com/workmail/latest/adminguide/cw-events.html): per entry the action, its
 * recipients and the names of the rules that chose it.
 */
export function ruleActionsOf(response: SyncResponse, decision: Decision | undefined): RuleActionLog[] {
  const rulesByKey = new Map<string, Set<string>>();
  const note = (key: string, rule: string | undefined) => {
    if (!rule) return;
    let s = rulesByKey.get(key);
    if (!s) rulesByKey.set(key, (s = new Set()));
    s.add(rule);
  };
  for (const r of decision?.recipients ?? []) note(actionKey(r.action), r.rule);
  if (decision?.residual) note(actionKey(decision.residual), decision.residualRule);
  return response.actions.map((entry) => {
    const key = actionKey({ type: entry.action.type, ...(entry.action.parameters ? { parameters: entry.action.parameters } : {}) });
    return {
      action: entry.action.type,
      recipients: entry.recipients ?? [],
      ...(entry.allRecipients ? { allRecipients: true as const } : {}),
      ruleNames: entry.allRecipients || entry.recipients?.length ? [...(rulesByKey.get(key) ?? [])] : [],
    };
  });
}
