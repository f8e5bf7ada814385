/** Synth loads each handler: an envelope-entry handler with a body rule fails it, naming the rule and the import. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkHandlerModule } from '../../lib/cdk/handler-check';
import { HandlerCheckError } from '../../lib/cdk';

jest.setTimeout(120_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wmr-envelope-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a body rule under the envelope entry fails the handler check (synth)', () => {
  const entry = path.join(dir, 'inbound.ts');
  const lib = path.resolve(__dirname, '../../lib/envelope');
  fs.writeFileSync(
    entry,
    `import { body, bounce, defineRules, syncHandler } from ${JSON.stringify(lib)};\n` +
      `export const handler = syncHandler({ rules: defineRules({ direction: 'INBOUND', rules: [{ name: 'falcon-dlp', when: body('project falcon'), then: bounce() }] }) });\n`,
  );
  let error: unknown;
  try {
    checkHandlerModule(entry, 'workmail.functions.inbound');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(HandlerCheckError);
  expect((error as Error).message).toContain('"falcon-dlp"');
  expect((error as Error).message).toContain("Import syncHandler from 'workmail-rules'");
});
