/**
 * The differential test of item "one reading": generated spellings (fixed seed) and the corpus,
 * each read by the project, mailparser and python3's `email`. No row may show the project seeing
 * fewer attachments (or missing a file name) that either reference sees; the table prints on failure.
 */
import { generate } from '../../fixtures/spellings';
import { corpusFiles, load, rel } from '../rewrite/corpus';
import { isBypass, mailparserReading, projectReading, pythonReadings, table, type Row } from './references';

const SEED = 30;
const COUNT = 400;

async function rows(cases: { label: string; raw: Buffer }[]): Promise<Row[]> {
  const python = pythonReadings(cases.map((c) => c.raw));
  const out: Row[] = [];
  for (const [i, c] of cases.entries()) {
    out.push({ label: c.label, project: await projectReading(c.raw), mailparser: await mailparserReading(c.raw), python: python[i]! });
  }
  return out;
}

describe('the project sees every attachment mailparser or Python sees', () => {
  test(`${COUNT} generated spellings (seed ${SEED})`, async () => {
    const all = await rows(generate(SEED, COUNT));
    const bad = all.filter(isBypass);
    if (bad.length) throw new Error(`${bad.length} of ${all.length} rows where the project sees fewer attachments:\n${table(bad)}`);
    // The generator did produce attachments the references see (the test is not vacuous).
    expect(all.filter((r) => Array.isArray(r.python) && r.python.length >= 2).length).toBeGreaterThan(COUNT / 2);
  }, 240_000);

  test('the public corpus', async () => {
    const all = await rows(corpusFiles().map((f) => ({ label: rel(f), raw: load(f) })));
    const bad = all.filter(isBypass);
    if (bad.length)
      throw new Error(`${bad.length} of ${all.length} corpus messages where the project sees fewer attachments:\n${table(bad)}`);
  }, 240_000);
});
