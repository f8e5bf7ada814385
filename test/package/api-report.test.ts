/** The public surface is pinned: api-report.md lists every export of every package entry. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { apiReport, entries, REPORT } from '../../scripts/api-report';

describe('the API report', () => {
  test('api-report.md matches the exports of every entry (run `npm run api-report` after a deliberate change)', () => {
    expect(apiReport()).toBe(readFileSync(REPORT, 'utf8'));
  });

  test('covers each package.json export that has code', () => {
    expect(Object.keys(entries()).sort()).toEqual([
      'workmail-rules',
      'workmail-rules/availability',
      'workmail-rules/cdk',
      'workmail-rules/constants',
      'workmail-rules/envelope',
      'workmail-rules/jest',
      'workmail-rules/local',
    ]);
  });

  test('the main entry is the email-flow API: at most 60 names; envelope is a subset of it; availability and constants apart', () => {
    const names = (entry: string) =>
      (readFileSync(REPORT, 'utf8').split(`## ${entry}\n\n`)[1] ?? '')
        .split('\n\n')[0]!
        .split('\n')
        .filter((l) => l.startsWith('- '));
    const main = names('workmail-rules');
    expect(main.length).toBeGreaterThan(40);
    expect(main.length).toBeLessThanOrEqual(60);
    expect(names('workmail-rules/envelope').filter((n) => !main.includes(n))).toEqual([]);
    for (const moved of ['availabilityHandler', 'AVAILABILITY_ERRORS', 'METRIC', 'LIMITS'])
      expect(main).not.toContainEqual(expect.stringContaining(`\`${moved}\``));
    expect(names('workmail-rules/availability')).toContain('- function `availabilityHandler`');
    expect(names('workmail-rules/constants')).toEqual(
      expect.arrayContaining(['- const `METRIC`', '- const `LIMITS`', '- const `AVAILABILITY_ERRORS`']),
    );
  });

  test('internals stay out of the public entries', () => {
    const report = readFileSync(REPORT, 'utf8');
    for (const internal of [
      'RANK',
      'bestMatch',
      'compilePattern',
      'conditionProblems',
      'maxRank',
      'buildChecklist',
      'parseContextFlags',
      'evaluate',
      'holds',
    ]) {
      expect(report).not.toContain(`\`${internal}\``);
    }
  });

  describe('a test of the test', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'api-report-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test('an added or a removed export changes the report', () => {
      const file = path.join(dir, 'entry.ts');
      writeFileSync(file, 'export const a = 1;\nexport interface B { b: string }\n');
      const before = apiReport({ x: file });
      expect(before).toContain('- const `a`');
      expect(before).toContain('- interface `B`');
      writeFileSync(file, 'export const a = 1;\nexport interface B { b: string }\nexport function c(): void {}\n');
      expect(apiReport({ x: file })).not.toBe(before);
      writeFileSync(file, 'export interface B { b: string }\n');
      expect(apiReport({ x: file })).not.toContain('`a`');
    });
  });
});
