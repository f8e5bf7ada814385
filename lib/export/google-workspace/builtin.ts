/**
 * Rules on Amazon SES's spam, virus and DMARC verdicts: Gmail does that itself (its spam filter, its
 * malware scan, the sender's DMARC policy), so there is nothing to add, with what differs.
 */
import type { Action } from '../../engine/actions';
import { exact, notExported, type Piece } from '../types';
import { mdText } from './markdown';
import type { Expr } from './types';

type Builtin = Extract<Expr, { kind: 'builtin' }>['id'];

const LINES: Record<Builtin, string> = {
  virus: 'Gmail scans every message for malware and rejects what it finds (no setting to add)',
  spam: 'Gmail\'s spam filter puts spam in the recipient\'s Spam folder (Spam: adjust "Be more aggressive when filtering spam" if needed)',
  dmarc: "Gmail applies the sender domain's DMARC policy (Spam, phishing and malware > Spoofing and authentication for more)",
};

const REFUSED = "Gmail's spam, malware and DMARC verdicts cannot be a condition of a setting";

function difference(id: Builtin, action: Action): string | undefined {
  const t = action.type;
  if (id === 'virus' && (t === 'DROP' || t === 'BOUNCE'))
    return `virusVerdict("FAIL"): Gmail's own malware scan decides, not Amazon SES's, and Gmail rejects the message${t === 'DROP' ? ' (the sender gets a bounce; WorkMail drops silently)' : ' with its own text'}`;
  if (id === 'spam' && (t === 'MOVE_TO_JUNK' || t === 'DROP' || t === 'BOUNCE'))
    return `spamVerdict("FAIL"): Gmail's spam filter decides, not Amazon SES's${t === 'MOVE_TO_JUNK' ? '' : `, and it files spam in Spam (WorkMail: ${t})`}`;
  if (id === 'dmarc' && (t === 'MOVE_TO_JUNK' || t === 'DROP' || t === 'BOUNCE'))
    return `authResult("dmarc", "fail"): Gmail follows the sender domain's policy (p=reject: rejected, p=quarantine: Spam, p=none: delivered); WorkMail applies ${t} to every DMARC failure`;
  return undefined;
}

/** The built-in handling for a condition of verdicts only (joined by ANY, or one); not exported otherwise. */
export function builtinLines(exprs: readonly Expr[], join: 'ALL' | 'ANY', action: Action): Piece<string[]> {
  const ids = exprs.flatMap((e) => (e.kind === 'builtin' ? [e.id] : []));
  if (ids.length < exprs.length || (join === 'ALL' && ids.length > 1)) return notExported(`${REFUSED} (with other conditions)`);
  const differences: string[] = [];
  for (const id of ids) {
    const d = difference(id, action);
    if (d === undefined) return notExported(`${REFUSED}: Gmail does not ${action.type} on them`);
    differences.push(d);
  }
  return exact(
    ids.map((id) => mdText(LINES[id])),
    differences,
  );
}
