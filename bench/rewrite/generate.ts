/**
 * Deterministic benchmark messages: multipart/mixed > (multipart/alternative: text/plain + text/html,
 * quoted-printable UTF-8) + base64 PDF-like attachments, CRLF, padded to a target size.
 * Same size in → same bytes out (seeded PRNG, fixed dates and ids).
 */
export const SIZES: Record<string, number> = {
  '100KB': 100 * 1024,
  '1MB': 1024 * 1024,
  '10MB': 10 * 1024 * 1024,
  '25MB': 25 * 1024 * 1024,
};

/** xorshift32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function pseudoPdf(bytes: number, seed: number): Buffer {
  const rnd = prng(seed);
  const out = Buffer.alloc(bytes);
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  head.copy(out, 0);
  for (let i = head.length; i + 4 <= bytes; i += 4) out.writeUInt32LE(rnd(), i);
  return out;
}

function base64Lines(data: Buffer): string {
  const b64 = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

const PARAGRAPH =
  'Gr=C3=BC=C3=9Fe aus dem Benchmark. This paragraph is quoted-printable UTF-8 text that stands in for =\r\n' +
  'a real message body; it repeats to give the text parts some weight.\r\n';

/** Build one message of about `size` bytes (exact within a few hundred bytes). */
export function generateMessage(size: number, seed = 1): Buffer {
  const text = PARAGRAPH.repeat(Math.max(2, Math.floor(Math.min(size / 20, 64 * 1024) / PARAGRAPH.length)));
  const html = '<html><head><meta charset=3D"utf-8"></head><body>\r\n' + text.replace(/\r\n(?!$)/g, '<br>\r\n') + '</body></html>';
  const head =
    'Return-Path: <sender@bench.example>\r\n' +
    'Received: from mx.bench.example (mx.bench.example [192.0.2.1])\r\n' +
    '\tby inbound.bench.example with ESMTPS id bench0001; Tue, 3 Mar 2026 10:00:00 +0000\r\n' +
    'Message-ID: <bench-' +
    size +
    '@bench.example>\r\n' +
    'Date: Tue, 3 Mar 2026 10:00:00 +0000\r\n' +
    'From: Bench Sender <sender@bench.example>\r\n' +
    'To: Bench Recipient <recipient@corp.example>\r\n' +
    'Subject: Quarterly report with attachments\r\n' +
    'MIME-Version: 1.0\r\n' +
    'Content-Type: multipart/mixed; boundary="----=_mixed_bench"\r\n' +
    '\r\n';
  const alt =
    'This is a multi-part message in MIME format.\r\n' +
    '------=_mixed_bench\r\n' +
    'Content-Type: multipart/alternative; boundary="----=_alt_bench"\r\n' +
    '\r\n' +
    '------=_alt_bench\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    'Content-Transfer-Encoding: quoted-printable\r\n' +
    '\r\n' +
    text +
    '\r\n' +
    '------=_alt_bench\r\n' +
    'Content-Type: text/html; charset=utf-8\r\n' +
    'Content-Transfer-Encoding: quoted-printable\r\n' +
    '\r\n' +
    html +
    '\r\n' +
    '------=_alt_bench--\r\n';
  const fixed = Buffer.byteLength(head) + Buffer.byteLength(alt) + 40;
  // Split the remainder over up to 3 attachments; base64 grows 4/3 plus CRLF per 76 chars.
  const budget = Math.max(1024, size - fixed);
  const count = size >= 1024 * 1024 ? 3 : 1;
  const parts: string[] = [];
  let used = 0;
  for (let n = 0; n < count; n++) {
    const partHead =
      '------=_mixed_bench\r\n' +
      `Content-Type: application/pdf; name="report-${n + 1}.pdf"\r\n` +
      'Content-Transfer-Encoding: base64\r\n' +
      `Content-Disposition: attachment; filename="report-${n + 1}.pdf"\r\n` +
      '\r\n';
    const share = Math.floor((budget - used) / (count - n)) - partHead.length - 2;
    const raw = Math.max(16, Math.floor((share * 76) / 78 / 4) * 3);
    const body = base64Lines(pseudoPdf(raw, seed * 7919 + n));
    const part = partHead + body + '\r\n';
    used += part.length;
    parts.push(part);
  }
  return Buffer.from(head + alt + parts.join('') + '------=_mixed_bench--\r\n', 'latin1');
}

if (require.main === module) {
  // CLI: tsx bench/rewrite/generate.ts <outdir>
  void (async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = process.argv[2] ?? 'bench/rewrite/out';
    mkdirSync(dir, { recursive: true });
    for (const [name, size] of Object.entries(SIZES)) {
      const buf = generateMessage(size);
      writeFileSync(join(dir, `${name}.eml`), buf);
      process.stdout.write(`${name}: ${buf.length} bytes\n`);
    }
  })();
}
