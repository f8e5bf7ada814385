/** The Google Workspace export target: one Markdown checklist of Admin console settings per rule set. */
import type { ExportTarget } from '../target';
import { exportGoogleWorkspace } from './compile';

export const googleWorkspaceTarget: ExportTarget = {
  id: 'google-workspace',
  summary: 'one Google Workspace Admin console checklist per rule set: <name>.google-workspace.md',
  capabilities: () => [
    { feature: 'mailFrom(), anyRecipient(): every pattern kind', fidelity: 'exact', note: 'Advanced content match, regex' },
    { feature: 'from()', fidelity: 'approximate', note: 'Envelope sender, not the Sender header' },
    { feature: 'recipient()', fidelity: 'approximate', note: 'settings apply per message, not per recipient' },
    { feature: 'not(recipient/from of the organization)', fidelity: 'approximate', note: 'Outbound / Inbound' },
    { feature: 'sender()', fidelity: 'not exported' },
    { feature: 'subject text and RE2-compatible RegExps', fidelity: 'exact', note: 'Contains text, Matches regex' },
    { feature: 'RegExps with backreferences or lookaround', fidelity: 'not exported', note: 'RE2' },
    { feature: 'header, body', fidelity: 'approximate', note: 'Full headers as written, Body as rendered' },
    { feature: 'attachment by extension or name', fidelity: 'approximate', note: 'Attachment compliance, File name' },
    { feature: 'attachment contentType', fidelity: 'not exported' },
    { feature: 'sizeOver', fidelity: 'approximate', note: 'Message size in MB' },
    { feature: 'all() or any() (one kind per rule), not() of text, regex, size', fidelity: 'exact' },
    { feature: 'spamVerdict, virusVerdict, authResult dmarc', fidelity: 'approximate', note: "Gmail's own filters" },
    { feature: 'custom()', fidelity: 'not exported' },
    { feature: 'BOUNCE', fidelity: 'exact', note: 'Reject message / Blocked senders' },
    { feature: 'DROP', fidelity: 'approximate', note: 'Quarantine message' },
    { feature: 'MOVE_TO_JUNK', fidelity: 'approximate', note: 'a custom header' },
    { feature: 'BYPASS_SPAM_CHECK', fidelity: 'exact', note: 'Bypass spam filter / approved senders' },
    { feature: 'copyTo', fidelity: 'approximate', note: 'Also deliver to, once per message' },
    { feature: 'first-match order', fidelity: 'approximate', note: 'every matching setting applies' },
    { feature: 'rewrite: tagSubject, setHeader, appendFooter', fidelity: 'approximate', note: 'Modify message, Append footer' },
    { feature: 'rewrite: removeHeader, removeAttachments', fidelity: 'not exported' },
    { feature: '(otherwise) other than deliver()', fidelity: 'not exported' },
    { feature: 'audit rules', fidelity: 'exact', note: 'a note: they never act' },
  ],
  limits: () => [
    'a checklist to apply by hand in the Admin console (Apps > Google Workspace > Gmail)',
    "regular expressions are RE2: no backreferences, no lookaround; a setting's expressions are joined by ALL or by ANY",
  ],
  compile(input) {
    const e = exportGoogleWorkspace(input.ruleSet, {
      name: input.name,
      source: input.source,
      ...(input.rewrite ? { rewrite: input.rewrite } : {}),
    });
    return {
      files: [{ name: `${input.name}.google-workspace.md`, content: e.markdown }],
      report: e.report,
      exported: e.exported,
      data: { settings: e.entries, markdown: e.markdown },
    };
  },
};
