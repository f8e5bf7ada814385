/**
 * 1 000 (or `count`) replay events for rules/inbound.ts, each with its message (`<name>.eml`) and the
 * outcome the rules must give (`<name>.expect.json`). Ten scenarios, each built so that exactly one
 * known rule decides (or none), cycle with varying recipients; the expectation is written from the
 * scenario, not from running the engine, so `replay --check` really checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Scenario {
  name: string;
  from: string;
  /** Extra header lines (CRLF-free, without the line end). */
  headers?: string[];
  attachment?: { filename: string; contentType: string };
  /** Recipients and what each must get: [address, action, rule | null]. */
  recipients: (k: number) => [string, string, string | null][];
  /** Addresses added by a rule, delivered with DEFAULT. */
  copies?: string[];
}

const user = (k: number, n: number) => `user${(k * 7 + n) % 97}@corp.example`;

const SCENARIOS: Scenario[] = [
  {
    name: 'bad-domain',
    from: 'promo@mail.bad.example',
    recipients: (k) => [
      [user(k, 0), 'BOUNCE', 'block-bad-domain'],
      [user(k, 1), 'BOUNCE', 'block-bad-domain'],
    ],
  },
  {
    name: 'contractor',
    from: 'someone@outside.example',
    recipients: (k) => [
      ['contractor@corp.example', 'DROP', 'contractors-internal-only'],
      [user(k, 0), 'DEFAULT', null],
    ],
  },
  {
    name: 'virus',
    from: 'x@outside.example',
    headers: ['X-SES-Virus-Verdict: FAIL'],
    recipients: (k) => [[user(k, 0), 'DROP', 'virus-drop']],
  },
  {
    name: 'exe',
    from: 'y@outside.example',
    attachment: { filename: 'setup.exe', contentType: 'application/octet-stream' },
    recipients: (k) => [
      [user(k, 0), 'BOUNCE', 'exe-attachments'],
      [user(k, 2), 'BOUNCE', 'exe-attachments'],
    ],
  },
  { name: 'partner', from: 'news@partner.example', recipients: (k) => [[user(k, 0), 'BYPASS_SPAM_CHECK', 'partner-bypass']] },
  {
    name: 'spam',
    from: 'z@outside.example',
    headers: ['X-SES-Spam-Verdict: FAIL'],
    recipients: (k) => [
      [user(k, 0), 'MOVE_TO_JUNK', 'spam-to-junk'],
      [user(k, 3), 'MOVE_TO_JUNK', 'spam-to-junk'],
    ],
  },
  {
    name: 'dmarc-fail',
    from: 'w@outside.example',
    headers: ['Authentication-Results: amazonses.com; spf=pass; dkim=none; dmarc=fail header.from=outside.example'],
    recipients: (k) => [[user(k, 0), 'MOVE_TO_JUNK', 'spam-to-junk']],
  },
  {
    name: 'ceo-bulk',
    from: 'list@lists.outside.example',
    headers: ['List-Unsubscribe: <mailto:leave@lists.outside.example>'],
    recipients: (k) => [
      ['ceo@corp.example', 'MOVE_TO_JUNK', 'ceo-bulk-to-junk'],
      [user(k, 0), 'DEFAULT', null],
    ],
  },
  {
    name: 'ceo-internal',
    from: 'bob@corp.example',
    recipients: () => [['ceo@corp.example', 'DEFAULT', 'legal-copy']],
    copies: ['legal@corp.example'],
  },
  {
    name: 'internal',
    from: 'carol@corp.example',
    recipients: (k) => [
      [user(k, 0), 'DEFAULT', null],
      [user(k, 4), 'DEFAULT', null],
    ],
  },
];

function message(s: Scenario, id: string, to: string[]): string {
  const lines = [
    `From: <${s.from}>`,
    `To: ${to.map((a) => `<${a}>`).join(', ')}`,
    `Subject: Replay benchmark ${s.name} ${id}`,
    'Date: Tue, 3 Mar 2026 10:00:00 +0000',
    `Message-ID: <${id}@bench.example>`,
    'MIME-Version: 1.0',
    ...(s.headers ?? []),
  ];
  const text = `Replay benchmark message ${id} (${s.name}).\r\nNothing to see here.\r\n`;
  if (!s.attachment) return [...lines, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 7bit', '', text].join('\r\n');
  const b = `bench-${id}`;
  return [
    ...lines,
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    `--${b}`,
    `Content-Type: ${s.attachment.contentType}; name="${s.attachment.filename}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${s.attachment.filename}"`,
    '',
    Buffer.from(`MZ not really an executable ${id}`).toString('base64'),
    `--${b}--`,
    '',
  ].join('\r\n');
}

/** Writes `count` events into `<dir>/inbound/`; returns the folder. Same count → same files. */
export function generateReplayEvents(dir: string, count = 1000): string {
  const out = path.join(dir, 'inbound');
  fs.mkdirSync(out, { recursive: true });
  for (let i = 0; i < count; i++) {
    const s = SCENARIOS[i % SCENARIOS.length]!;
    const k = Math.floor(i / SCENARIOS.length);
    const id = `replay-bench-${String(i).padStart(4, '0')}`;
    const recipients = s.recipients(k);
    const name = `${String(i).padStart(4, '0')}-${s.name}`;
    const event = {
      summaryVersion: '2019-07-28',
      envelope: { mailFrom: { address: s.from }, recipients: recipients.map(([address]) => ({ address })) },
      subject: `Replay benchmark ${s.name} ${id}`,
      messageId: id,
      invocationId: id
        .replace(/[^a-z0-9]/g, '')
        .padEnd(32, '0')
        .slice(0, 32),
      flowDirection: 'INBOUND',
      truncated: false,
    };
    const expect = {
      actions: Object.fromEntries([...recipients.map(([a, action]) => [a, action]), ...(s.copies ?? []).map((a) => [a, 'DEFAULT'])]),
      rules: Object.fromEntries(recipients.map(([a, , rule]) => [a, rule])),
    };
    fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(event, null, 2));
    fs.writeFileSync(
      path.join(out, `${name}.eml`),
      message(
        s,
        id,
        recipients.map(([a]) => a),
      ),
    );
    fs.writeFileSync(path.join(out, `${name}.expect.json`), JSON.stringify(expect, null, 2));
  }
  return out;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: tsx bench/replay/generate.ts <dir> [count]\n');
    process.exit(2);
  }
  process.stdout.write(generateReplayEvents(dir, Number(process.argv[3] ?? 1000)) + '\n');
}
