/**
 * Footers that show: each trap a sender's HTML can set (an unclosed comment, a display:none or
 * hidden element, an unclosed <style>, <textarea> or <title>, a document cut inside a tag) gets a
 * footer that a reader sees. Checked by rendering the result's HTML with the same tokenizer
 * (htmlparser2) and finding the footer in the visible text, outside hidden and raw-text content.
 */
import { Parser } from 'htmlparser2';
import { simpleParser } from 'mailparser';
import { appendFooter, rewriteMessage } from '../../../lib/message/rewrite';
import { checkMime } from '../../../lib/message/check';

const HIDDEN_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'template', 'head', 'noscript', 'xmp']);

/** The text a reader sees: no comments, nothing inside hidden elements or raw-text elements. */
function visibleText(html: string): string {
  const stack: boolean[] = [];
  let out = '';
  const parser = new Parser({
    onopentag(name, attrs) {
      const style = (attrs.style ?? '').replace(/\s+/g, '').toLowerCase();
      const hidden = HIDDEN_ELEMENTS.has(name) || 'hidden' in attrs || /display:none|visibility:hidden/.test(style);
      stack.push(hidden || stack[stack.length - 1] === true);
    },
    onclosetag() {
      stack.pop();
    },
    ontext(text) {
      if (stack[stack.length - 1] !== true) out += text;
    },
  });
  parser.write(html);
  parser.end();
  return out;
}

const message = (html: string, cte = '8bit') =>
  Buffer.from(
    `From: a@example.com\r\nMessage-ID: <m@example.com>\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n` +
      `--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n` +
      `--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${html}\r\n--b--\r\n`,
  );

const TRAPS: [string, string][] = [
  ['an unclosed comment at the end', '<html><body><p>Hi</p><!-- tracking pixel'],
  ['an unclosed comment hiding the </body>', '<html><body><p>Hi</p><!-- x </body></html>'],
  ['an unclosed display:none element', '<html><body><p>Hi</p><div style="display: none">preheader</body></html>'],
  ['an unclosed element with the hidden attribute', '<html><body><p>Hi</p><span hidden>x</body></html>'],
  ['an unclosed <style>', '<html><head></head><body><p>Hi</p><style>p { color: red }</body></html>'],
  ['an unclosed <textarea>', '<html><body><p>Hi</p><textarea>reply here</body></html>'],
  ['an unclosed <title>', '<html><body><p>Hi</p><title>x</body></html>'],
  ['a </body> inside a <script>', '<html><body><p>Hi</p><script>document.write("</body>")</script><div style="display:none">'],
  ['a document cut inside a tag', '<html><body><p>Hi</p><img alt="x'],
  ['an open link and table', '<html><body><table><tr><td><a href="https://example.com">Hi'],
];

describe('HTML footers land where a reader sees them', () => {
  test.each(TRAPS)('%s', async (_what, html) => {
    for (const cte of ['8bit', 'quoted-printable']) {
      for (const edit of [appendFooter({ html: '<p>FOOTER-MARK</p>' }), appendFooter({ text: 'FOOTER-MARK & <co>' })]) {
        const raw = message(html, cte);
        const r = await rewriteMessage(raw, [edit]);
        expect(r.changed).toBe(true);
        const parsed = await simpleParser(r.raw);
        const seen = visibleText(String(parsed.html));
        expect(seen).toContain(edit.html ? 'FOOTER-MARK' : 'FOOTER-MARK & <co>');
        expect(seen).toContain('Hi');
        expect(checkMime(r.raw, raw)).toEqual([]);
        // the original HTML is kept before the footer, byte for byte (8bit)
        if (cte === '8bit') expect(r.raw.toString('utf8')).toContain(html.split('</body>')[0]!);
        expect((await rewriteMessage(r.raw, [edit])).changed).toBe(false);
      }
    }
  });

  test('an ordinary document gets the footer just before </body>, nothing closed', async () => {
    const r = await rewriteMessage(message('<html><body><p>Hi</p></body></html>'), [appendFooter({ html: '<p>F</p>' })]);
    expect(r.raw.toString('utf8')).toContain('<p>Hi</p><p>F</p>\r\n</body></html>');
  });

  test('a text-only footer also footers the HTML part, escaped; the plain part gets the text', async () => {
    const r = await rewriteMessage(message('<html><body><p>Hi</p></body></html>'), [
      appendFooter({ text: 'Sent from <outside>.\nTwo lines.' }),
    ]);
    const parsed = await simpleParser(r.raw);
    expect(parsed.text).toContain('Sent from <outside>.\nTwo lines.');
    expect(String(parsed.html)).toContain('<div>Sent from &#60;outside&#62;.<br>Two lines.</div>');
    expect(r.notes).toEqual(['footer: added to part 1 (text/plain)', 'footer: added to part 2 (text/html)']);
  });

  test('Content-Type: text (no subtype) is an attachment to mailparser: no footer goes into it', async () => {
    const raw = Buffer.from('From: a@example.com\r\nSubject: s\r\nContent-Type: text\r\n\r\nHello.\r\n');
    const r = await rewriteMessage(raw, [appendFooter({ text: 'F' })]);
    expect(r.changed).toBe(false);
    expect(r.raw.equals(raw)).toBe(true);
  });
});
