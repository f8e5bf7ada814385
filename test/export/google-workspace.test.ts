/**
 * The Google Workspace export: the samples' rules get the Admin console setting, the expressions and
 * the action they need with the fidelity they have; RegExps outside RE2 are not exported; hostile
 * rule names, patterns and bounce texts cannot inject Markdown or HTML; the CLI writes
 * `<name>.google-workspace.md` and `--json` carries the report.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appendFooter, bounce, defineRules, deliver, drop, from, header, removeHeader, setHeader, subject, tagSubject } from '../../lib';
import { anyRecipient } from '../../lib/engine/conditions/address';
import { exportGoogleWorkspace } from '../../lib/export/google-workspace/compile';
import { mdText } from '../../lib/export/google-workspace/markdown';
import { toRe2 } from '../../lib/export/google-workspace/regex';
import { targetById } from '../../lib/export/targets';
import inbound from '../../rules/inbound';
import outbound from '../../rules/outbound';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'bin/cli.ts'), 'export', 'google-workspace', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

/** The section of one rule: from its heading to the next. */
const sectionOf = (md: string, rule: string) => {
  const start = md.indexOf(`. ${mdText(rule)}\n`);
  const end = md.indexOf('\n## ', start);
  return md.slice(start, end === -1 ? undefined : end);
};
const statuses = (report: { rule: string; status: string }[]) => Object.fromEntries(report.map((r) => [r.rule, r.status]));

describe('the samples', () => {
  const inb = exportGoogleWorkspace(inbound, { name: 'inbound', source: 'rules/inbound.ts' });
  const out = exportGoogleWorkspace(outbound, { name: 'outbound', source: 'rules/outbound.ts' });

  test('each inbound rule gets its setting and fidelity', () => {
    expect(statuses(inb.report)).toEqual({
      'watch-invoices': 'exact',
      'block-bad-domain': 'approximate',
      'contractors-internal-only': 'approximate',
      'virus-drop': 'approximate',
      'exe-attachments': 'approximate',
      'partner-bypass': 'approximate',
      'spam-to-junk': 'approximate',
      'ceo-bulk-to-junk': 'approximate',
      'legal-copy': 'approximate',
    });
    expect(Object.fromEntries(inb.entries.map((e) => [e.rule, e.setting]))).toEqual({
      'watch-invoices': 'none',
      'block-bad-domain': 'Content compliance',
      'contractors-internal-only': 'Routing',
      'virus-drop': 'built in',
      'exe-attachments': 'Attachment compliance',
      'partner-bypass': 'Spam',
      'spam-to-junk': 'built in',
      'ceo-bulk-to-junk': 'Content compliance',
      'legal-copy': 'Routing',
    });
    expect(inb.exported).toBe(8);
    expect(inb.report[0]!.note).toMatch(/audit rule: it never acts/);
  });

  test('a BOUNCE on attachment extensions is Attachment compliance, Reject with its text', () => {
    const s = sectionOf(inb.markdown, 'exe-attachments');
    expect(s).toContain('- [ ] **Gmail \\> Compliance \\> Attachment compliance**, short description “inbound: exe-attachments”');
    expect(s).toContain('  - File name: Matches regex “(?i)\\\\.(?:exe\\|js\\|vbs\\|scr\\|bat)\\$”');
    expect(s).toContain('  - Action: **Reject message**, rejection notice: “Executables are not accepted.”');
    const f = inb.report.find((r) => r.rule === 'exe-attachments')!;
    expect(f.differences.join('\n')).toMatch(/Gmail already refuses \.exe, \.js, \.vbs, \.scr, \.bat/);
  });

  test('the other inbound rules: the expressions and actions to choose', () => {
    expect(sectionOf(inb.markdown, 'block-bad-domain')).toContain(
      'Location Envelope sender, Match type Matches regex, “(?i)\\[@.\\]bad\\\\.example\\$”',
    );
    expect(sectionOf(inb.markdown, 'contractors-internal-only')).toMatch(
      /Email messages to affect: Inbound\n.*envelope recipients, Pattern match “\(\?i\)\^contractor@corp\\\\\.example\\\$”\n {2}- Action: \*\*Quarantine message\*\*/,
    );
    expect(sectionOf(inb.markdown, 'partner-bypass')).toContain('Approved senders: an address list with “partner.example”');
    expect(sectionOf(inb.markdown, 'legal-copy')).toContain('Also deliver to: add recipients “legal@corp.example”');
    expect(sectionOf(inb.markdown, 'ceo-bulk-to-junk')).toContain(
      'Location Full headers, Match type Matches regex, “(?im)^List-Unsubscribe:”',
    );
    const legal = inb.report.find((r) => r.rule === 'legal-copy')!.differences.join('\n');
    expect(legal).toMatch(/earlier rule "partner-bypass", "ceo-bulk-to-junk" also matches/);
    expect(inb.report.find((r) => r.rule === 'virus-drop')!.differences[0]).toMatch(/Gmail's own malware scan/);
  });

  test('each outbound rule gets its setting and fidelity', () => {
    expect(statuses(out.report)).toEqual({
      'audit-on-behalf-external': 'exact',
      'noreply-never-sends': 'approximate',
      'blocked-recipient-domains': 'approximate',
      'interns-internal-only': 'approximate',
      'dlp-keywords': 'approximate',
      'compliance-copy': 'approximate',
    });
    const dlp = sectionOf(out.markdown, 'dlp-keywords');
    expect(dlp).toContain('Email messages to affect: Outbound\n  - If ANY of the following match the message:');
    expect(dlp).toContain(
      'Location Subject, Match type Matches regex, “(?i)\\\\b(confidential\\|project\\\\s+falcon\\|internal\\\\s+only)\\\\b”',
    );
    expect(dlp).toContain('Location Body, Match type Matches regex');
    expect(sectionOf(out.markdown, 'compliance-copy')).toContain(
      'Only affect specific envelope senders, Pattern match “(?i)@trading\\\\.corp\\\\.example\\$”',
    );
    expect(sectionOf(out.markdown, 'noreply-never-sends')).toContain('**Quarantine message**');
  });

  test('the checklist starts with how to apply and verify, and every rule has a heading and a checkbox', () => {
    expect(inb.markdown).toMatch(/^# Google Workspace checklist: inbound\n/);
    expect(inb.markdown).toMatch(/## How to apply and verify\n\n1\. Sign in to the Google Admin console[\s\S]*Email log search/);
    for (const r of inbound.rules) expect(sectionOf(inb.markdown, r.name)).toMatch(/^\. .*\n\n(Description: .*\n\n)?- \[ \] /);
    expect(inb.markdown.match(/^- \[ \] /gm)).toHaveLength(inbound.rules.length);
  });
});

describe('RE2', () => {
  test.each([
    [/(a)\1/, /backreference \(\\1\)/],
    [/(?<x>a)\k<x>/, /named backreference/],
    [/foo(?=bar)/, /lookahead/],
    [/(?<!x)y/, /lookbehind/],
  ])('%s is not exported', (re, why) => {
    const r = toRe2(re);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(why);
  });

  test('other syntax translates', () => {
    expect(toRe2(/\\1(?<n>é)\u00e9\0/i)).toEqual({
      ok: true,
      value: { source: '\\\\1(?P<n>é)\\x{00e9}\\x00', flags: 'i' },
      differences: [],
    });
  });

  test('a rule with a backreference is not exported, naming the rule and why', () => {
    const rules = defineRules({
      direction: 'INBOUND',
      rules: [
        { name: 'doubled-word', when: subject(/\b(\w+) \1\b/i), then: bounce('No stutter.') },
        { name: 'ok', when: subject('sale'), then: drop() },
      ],
    });
    const e = exportGoogleWorkspace(rules, { name: 'x' });
    expect(e.report[0]).toEqual({
      rule: 'doubled-word',
      status: 'not exported',
      differences: [
        "subject(/\\b(\\w+) \\1\\b/i): the RegExp /\\b(\\w+) \\1\\b/i has a backreference (\\1), which Google's RE2 regular expressions lack",
      ],
    });
    expect(sectionOf(e.markdown, 'doubled-word')).toContain('- [ ] Not exported: subject(/\\\\b(\\\\w+) \\\\1\\\\b/i): the RegExp');
    expect(e.exported).toBe(1);
  });
});

describe('hostile strings', () => {
  const name = 'x](javascript:alert(1)) <script>alert(1)</script> | *bold* `code` # h\n- [x] injected\u0000';
  const rules = defineRules({
    direction: 'INBOUND',
    rules: [
      {
        name,
        description: 'line one\n## not a heading <img src=x onerror=alert(1)>',
        when: subject('[click](javascript:evil) | `x` _y_'),
        then: bounce('<b>bounced</b> | \n\n# Heading ![img](http://e/x.png)'),
      },
    ],
  });
  const md = exportGoogleWorkspace(rules, { name: 'in|put', source: 'rules/<x>.ts' }).markdown;

  /** The characters of a line that Markdown would read as markup: not preceded by an escaping backslash. */
  const unescaped = (line: string, chars: string) => {
    const found: string[] = [];
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '\\') i++;
      else if (chars.includes(line[i]!)) found.push(line[i]!);
    }
    return found;
  };

  test('no raw HTML, link, image, code span or control character survives', () => {
    for (const line of md.split('\n')) expect(unescaped(line, '<>[]`!&')).toEqual(line.startsWith('- [ ] ') ? ['[', ']'] : []);
    expect(md).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
    expect(md).toContain(
      'x\\](javascript:alert(1)) \\<script\\>alert(1)\\</script\\> \\| \\*bold\\* \\`code\\` \\# h - \\[x\\] injected\uFFFD',
    );
    expect(md).toContain('rejection notice: “\\<b\\>bounced\\</b\\> \\|   \\# Heading \\!\\[img\\](http://e/x.png)”');
    expect(md).toContain('Match type Contains text, “\\[click\\](javascript:evil) \\| \\`x\\` \\_y\\_”');
  });

  test('no line is a heading or a list item the rule made, and the table keeps four columns', () => {
    const headings = md.split('\n').filter((l) => /^#/.test(l));
    expect(headings).toEqual([
      '# Google Workspace checklist: in\\|put',
      '## How to apply and verify',
      '## Summary',
      `## 1. ${mdText(name)}`,
    ]);
    expect(md.split('\n').filter((l) => /^- /.test(l))).toHaveLength(1);
    const row = md.split('\n').find((l) => l.startsWith('| 1 |'))!;
    expect(unescaped(row, '|')).toHaveLength(5);
    expect(md).toContain('Description: line one \\#\\# not a heading \\<img src=x onerror=alert(1)\\>');
  });

  test('the bounce text with control characters is approximate, with why', () => {
    const f = exportGoogleWorkspace(rules, { name: 'x' }).report[0]!;
    expect(f.status).toBe('approximate');
    expect(f.differences).toContain('the bounce message holds control characters, shown as spaces or U+FFFD: type it without them');
  });
});

test('the rewrite: Modify message options, Append footer outbound only', () => {
  const rules = defineRules({ direction: 'OUTBOUND', rules: [{ name: 'keep', when: anyRecipient('*'), then: deliver() }] });
  const edits = [tagSubject('[EXT]'), setHeader('X-Scanned', 'yes'), removeHeader('X-Internal'), appendFooter({ text: 'Bye' })];
  const e = exportGoogleWorkspace(rules, { name: 'o', rewrite: { when: header('X-Test'), edits } });
  expect(e.report.map((r) => [r.rule, r.status])).toEqual([
    ['keep', 'exact'],
    ['rewrite 1: tagSubject "[EXT]"', 'approximate'],
    ['rewrite 2: setHeader X-Scanned', 'approximate'],
    ['rewrite 3: removeHeader X-Internal', 'not exported'],
    ['rewrite 4: appendFooter', 'approximate'],
  ]);
  expect(e.markdown).toContain('Action: **Modify message** \\> Subject: Prepend custom subject: “\\[EXT\\] ”');
  expect(e.markdown).toContain('**Append footer**: “Bye”');
  const inb = exportGoogleWorkspace(defineRules({ direction: 'INBOUND', rules: [{ name: 'k', when: from('a.example'), then: drop() }] }), {
    name: 'i',
    rewrite: { edits: [appendFooter({ text: 'f' })] },
  });
  expect(inb.report[1]).toMatchObject({ status: 'not exported', differences: ["Google's Append footer applies to outgoing mail only"] });
});

describe('the command', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-gws-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('is a target, and --out writes <name>.google-workspace.md per rule set', () => {
    expect(targetById('google-workspace')?.summary).toMatch(/<name>\.google-workspace\.md/);
    const r = cli(['rules/inbound.ts', 'rules/outbound.ts', '--out', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['inbound.google-workspace.md', 'outbound.google-workspace.md']);
    expect(fs.readFileSync(path.join(dir, 'outbound.google-workspace.md'), 'utf8')).toContain('## 5. dlp-keywords');
    expect(r.stdout).toMatch(
      /inbound \(rules\/inbound\.ts\) → .*inbound\.google-workspace\.md: 8 of 8 rules exported; 1 exact, 8 approximate/,
    );
  });

  test('--json includes the report and the checklist', () => {
    const r = cli(['rules/outbound.ts', '--json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.target).toBe('google-workspace');
    const [set] = json.ruleSets;
    expect(set.files).toEqual([{ name: 'outbound.google-workspace.md' }]);
    expect(set.report.find((x: { rule: string }) => x.rule === 'dlp-keywords').status).toBe('approximate');
    expect(set.markdown).toMatch(/^# Google Workspace checklist: outbound/);
    expect(set.settings).toHaveLength(6);
  });
});
