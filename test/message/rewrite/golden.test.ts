/**
 * Golden tests: each `<case>.in.eml` under test/fixtures/rewrite, rewritten with each edit, must give
 * exactly `<case>.<edit>.out.eml` (`.same` when the edit must change nothing). Regenerate after a
 * deliberate change with UPDATE_GOLDEN=1 and review every diff.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkMime } from '../../../lib/message/check';
import { appendFooter, removeHeader, rewriteMessage, setHeader, tagSubject, type Edit } from '../../../lib/message/rewrite';
import { removeAttachments } from '../../../lib/runtime/remove-attachments';

const DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'rewrite');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const GOLDEN_EDITS: Record<string, Edit[]> = {
  tag: [tagSubject('[EXTERNAL]')],
  'tag-utf8': [tagSubject('[Extérn]')],
  set: [setHeader('X-Scanned', 'yes ✓')],
  remove: [removeHeader('X-Mailer')],
  footer: [appendFooter({ text: 'Sent from outside the organization.', html: '<p>Sent from outside the organization.</p>' })],
  'footer-utf8': [appendFooter({ text: 'Extern — Vorsicht mit Links.', html: '<p>Extern — Vorsicht mit Links.</p>' })],
  strip: [removeAttachments({ extension: ['pdf', 'png', 'txt'] }, { note: 'Removed by policy.' })],
};

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.in.eml'))
  .map((f) => f.slice(0, -'.in.eml'.length))
  .sort();

describe('golden rewrites', () => {
  test('has the ten message shapes', () => {
    expect(cases).toEqual(
      [
        'alternative',
        'attached-message',
        'base64-text',
        'html-utf8-7bit',
        'latin1-8bit',
        'lf-only',
        'mixed-attachments',
        'plain',
        'related-inline',
        'signed',
      ].sort(),
    );
  });
  const table = cases.flatMap((c) => Object.keys(GOLDEN_EDITS).map((e) => [c, e] as const));
  test.each(table)('%s with %s', async (name, editName) => {
    const input = readFileSync(path.join(DIR, `${name}.in.eml`));
    const result = await rewriteMessage(input, GOLDEN_EDITS[editName]!);
    const out = path.join(DIR, `${name}.${editName}.out.eml`);
    const same = path.join(DIR, `${name}.${editName}.same`);
    if (UPDATE) {
      for (const f of [out, same]) if (existsSync(f)) unlinkSync(f);
      if (result.changed) writeFileSync(out, result.raw);
      else writeFileSync(same, '');
    }
    if (existsSync(same)) {
      expect(result.changed).toBe(false);
      expect(result.raw).toBe(input);
    } else {
      expect(result.changed).toBe(true);
      expect(result.raw.toString('latin1')).toBe(readFileSync(out).toString('latin1'));
      expect(checkMime(result.raw, input)).toEqual([]);
      // a second run changes nothing more
      const again = await rewriteMessage(result.raw, GOLDEN_EDITS[editName]!);
      expect(again.changed).toBe(false);
    }
  });
});
