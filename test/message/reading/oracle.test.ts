/**
 * The structure oracle: corpus messages mutated with hostile tokens (fixed seed), rewritten with
 * the shipped edits, and every rewrite that checkMime(out, original) accepts compared by
 * mailparser: the attachments (name, type, sha256 of the decoded content) must be the same before
 * and after. Zero accepted structure changes; the failing rows print.
 */
import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { checkMime } from '../../../lib/message/check';
import { appendFooter, RewriteError, rewriteMessage, tagSubject } from '../../../lib/message/rewrite';
import { HOSTILE_TOKENS, splice } from '../../fixtures/hostile-tokens';
import { prng } from '../../fixtures/spellings';
import { corpusFiles, load, rel } from '../rewrite/corpus';

const SEED = 3030;
const PER_MESSAGE = 20;
const TOKENS = [...HOSTILE_TOKENS, '\r', '\r--', '\r\n\r', 'Content-Type: text\r\n', 'Content-Disposition: =?utf-8?q?x\r\n'];
const EDITS = [tagSubject('[EXTERNAL]'), appendFooter({ text: 'Sent from outside.', html: '<p>Sent from outside.</p>' })];

async function attachmentSet(raw: Buffer): Promise<string[] | string> {
  try {
    const m = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
    return m.attachments.map(
      (a) => `${a.filename ?? '-'} ${a.contentType} ${createHash('sha256').update(a.content).digest('hex').slice(0, 12)}`,
    );
  } catch (err) {
    return `mailparser error: ${String(err)}`;
  }
}

test(`no accepted rewrite changes what mailparser sees (${PER_MESSAGE} mutations of each corpus message, seed ${SEED})`, async () => {
  const r = prng(SEED);
  const counts = { rewritten: 0, refused: 0, failedCheck: 0, unchanged: 0 };
  const bad: string[] = [];
  for (const file of corpusFiles()) {
    const base = load(file);
    for (let i = 0; i < PER_MESSAGE; i++) {
      const n = 1 + Math.floor(r() * 4);
      const splices = Array.from({ length: n }, () => ({
        at: Math.floor(r() * base.length),
        token: TOKENS[Math.floor(r() * TOKENS.length)]!,
        cut: Math.floor(r() * 4),
      }));
      const raw = splice(base, splices);
      let out;
      try {
        out = await rewriteMessage(raw, EDITS);
      } catch (err) {
        if (!(err instanceof RewriteError)) throw err;
        counts.refused++;
        continue;
      }
      if (!out.changed) {
        counts.unchanged++;
        continue;
      }
      const before = new Set(checkMime(raw).map((p) => p.rule));
      if (checkMime(out.raw, raw).some((p) => !before.has(p.rule) || p.rule === 'structure')) {
        counts.failedCheck++;
        continue;
      }
      counts.rewritten++;
      const [a, b] = [await attachmentSet(raw), await attachmentSet(out.raw)];
      if (JSON.stringify(a) !== JSON.stringify(b))
        bad.push(`${rel(file)} #${i}: before ${JSON.stringify(a)}\n  after ${JSON.stringify(b)}`);
    }
  }
  if (bad.length)
    throw new Error(`${bad.length} accepted rewrites changed the attachments (${JSON.stringify(counts)}):\n${bad.join('\n')}`);
  // Most mutations are still rewritten: the oracle is not vacuous.
  expect(counts.rewritten).toBeGreaterThan((corpusFiles().length * PER_MESSAGE) / 2);
  console.log(`structure oracle: ${JSON.stringify(counts)}`);
}, 300_000);
