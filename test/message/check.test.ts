import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkMime, assertMime, MimeCheckError, UNIQUE_HEADERS } from '../../lib/message/check';
import { IMMUTABLE_HEADERS } from '../../lib/message/immutable-headers';
import { LIMITS } from '../../lib/workmail/limits';
import { MIME_PEER_DIR } from '../fixtures/corpus';

const fixture = (name: string): Buffer => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'check', name));
const corpus = MIME_PEER_DIR;
const rules = (raw: Buffer, original?: Buffer) => checkMime(raw, original).map((p) => p.rule);

describe('checkMime', () => {
  const valid = fixture('valid-nested.eml');

  test('a well-formed nested multipart message passes every rule, also against itself as original', () => {
    expect(checkMime(valid)).toEqual([]);
    expect(checkMime(valid, valid)).toEqual([]);
  });

  describe('line-length', () => {
    test('passes at exactly 1000 octets including CRLF', () => {
      const raw = fixture('line-at-limit.eml');
      expect(
        raw
          .toString('latin1')
          .split('\r\n')
          .some((l) => l.length === 998),
      ).toBe(true);
      expect(checkMime(raw)).toEqual([]);
    });
    test('fails for a 1100-character line and names the line', () => {
      const problems = checkMime(fixture('long-line.eml'));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ rule: 'line-length' });
      expect(problems[0]!.message).toMatch(/line 15 is 1102 octets/);
    });
    test('a bare-LF line of 1001 octets also fails', () => {
      const raw = Buffer.from(`From: a@example.com\n\n${'z'.repeat(1000)}\n`);
      expect(rules(raw)).toEqual(['line-length']);
    });
  });

  describe('multipart', () => {
    test('fails when an inner boundary is not closed before the outer one continues', () => {
      const problems = checkMime(fixture('unclosed-inner.eml'));
      expect(problems.map((p) => p.rule)).toEqual(['multipart']);
      expect(problems[0]!.message).toMatch(/"inner" is not closed/);
    });
    test('fails when the outer boundary is never closed', () => {
      const problems = checkMime(fixture('unclosed-outer.eml'));
      expect(problems.map((p) => p.rule)).toEqual(['multipart']);
      expect(problems[0]!.message).toMatch(/"outer" is opened but never closed/);
    });
    test('fails for a multipart without a boundary parameter (corpus msg_41)', () => {
      expect(rules(fs.readFileSync(path.join(corpus, 'cpython', 'msg_41.txt')))).toEqual(['multipart']);
    });
    test('fails when a declared boundary never appears (corpus msg_17)', () => {
      expect(rules(fs.readFileSync(path.join(corpus, 'cpython', 'msg_17.txt')))).toEqual(['multipart']);
    });
    test('accepts RFC 2231 boundary*= parameters (corpus msg_33)', () => {
      expect(checkMime(fs.readFileSync(path.join(corpus, 'cpython', 'msg_33.txt')))).toEqual([]);
      const rfc2231 = Buffer.from(
        `From: a@example.com\r\nContent-Type: multipart/mixed; boundary*="us-ascii''a%20b"\r\n\r\n--a b\r\n\r\nx\r\n--a b--\r\n`,
      );
      expect(checkMime(rfc2231)).toEqual([]);
    });
    test('accepts real-world nested messages from the corpus', () => {
      for (const f of [
        'mailparser/fixtures/nested.eml',
        'mailparser/large.eml',
        'mailparser/fixtures/nodemailer.eml',
        'postal-mime/mimetorture.eml',
      ]) {
        expect({ f, problems: checkMime(fs.readFileSync(path.join(corpus, f))) }).toEqual({ f, problems: [] });
      }
    });
  });

  describe('immutable-header', () => {
    test('passes when only Subject and a body line changed', () => {
      expect(checkMime(fixture('rewritten-subject.eml'), valid)).toEqual([]);
    });
    test('passes when an immutable header is only refolded', () => {
      expect(checkMime(fixture('refolded-dkim.eml'), valid)).toEqual([]);
    });
    test('fails naming From (changed) and Received (removed)', () => {
      const problems = checkMime(fixture('rewritten-from.eml'), valid);
      expect(problems.every((p) => p.rule === 'immutable-header')).toBe(true);
      const text = problems.map((p) => p.message).join('\n');
      expect(text).toMatch(/^From was changed/m);
      expect(text).toMatch(/^Received was removed/m);
      expect(problems).toHaveLength(2);
    });
    test('ARC-* headers are covered by prefix', () => {
      const orig = Buffer.from('ARC-Seal: i=1; a=rsa-sha256; cv=none\r\nFrom: a@example.com\r\n\r\nx\r\n');
      const edited = Buffer.from('From: a@example.com\r\n\r\nx\r\n');
      expect(checkMime(edited, orig).map((p) => p.message)).toEqual([expect.stringMatching(/^ARC-Seal was removed/)]);
      expect(IMMUTABLE_HEADERS).toEqual(
        expect.arrayContaining(['Message-ID', 'From', 'Sender', 'Date', 'Return-Path', 'Received', 'DKIM-Signature', 'MIME-Version']),
      );
    });
    test('without an original the rule is not applied', () => {
      expect(checkMime(fixture('rewritten-from.eml'))).toEqual([]);
    });
  });

  describe('unique-header', () => {
    test('passes with one Subject', () => {
      expect(rules(fixture('valid-nested.eml'))).not.toContain('unique-header');
    });
    test('fails when Subject appears twice', () => {
      const problems = checkMime(fixture('duplicate-subject.eml'));
      expect(problems).toEqual([{ rule: 'unique-header', message: 'Subject appears 2 times; it may appear at most once' }]);
    });
    test('header names are compared case-insensitively', () => {
      const raw = Buffer.from('From: a@example.com\r\nsubject: one\r\nSUBJECT: two\r\n\r\nbody\r\n');
      expect(rules(raw)).toEqual(['unique-header']);
      expect(UNIQUE_HEADERS).toHaveLength(11);
    });
  });

  describe('size', () => {
    const head = Buffer.from('From: a@example.com\r\nContent-Type: text/plain\r\n\r\n');
    const body = (n: number) => {
      const line = Buffer.from(`${'a'.repeat(74)}\r\n`);
      const buf = Buffer.alloc(n);
      head.copy(buf);
      for (let i = head.length; i < n; i += line.length) line.copy(buf, i, 0, Math.min(line.length, n - i));
      return buf;
    };
    test('passes at exactly the limit', () => {
      expect(rules(body(LIMITS.maxMimeBytes))).toEqual([]);
    });
    test('fails one byte over the limit', () => {
      expect(rules(body(LIMITS.maxMimeBytes + 1))).toEqual(['size']);
    });
  });

  test('assertMime throws a MimeCheckError with code and problems', () => {
    let caught: unknown;
    try {
      assertMime(fixture('duplicate-subject.eml'), undefined, 'rewritten message m-1');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MimeCheckError);
    const err = caught as MimeCheckError;
    expect(err.code).toBe('MIME_CHECK');
    expect(err.problems.map((p) => p.rule)).toEqual(['unique-header']);
    expect(err.message).toMatch(/^rewritten message m-1 fails 1 MIME check/);
  });

  test('property: short CRLF lines inside a closed multipart always pass', () => {
    const lineArb = fc.stringMatching(/^[A-Za-z0-9 .,]{0,200}$/).filter((l) => !l.startsWith('--'));
    fc.assert(
      fc.property(fc.array(fc.array(lineArb, { maxLength: 8 }), { minLength: 1, maxLength: 5 }), (parts) => {
        const text =
          'From: a@example.com\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n' +
          parts.map((lines) => `--b1\r\nContent-Type: text/plain\r\n\r\n${lines.join('\r\n')}\r\n`).join('') +
          '--b1--\r\n';
        expect(checkMime(Buffer.from(text))).toEqual([]);
      }),
    );
  });
});
