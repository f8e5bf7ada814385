/**
 * The JSON Schemas in schemas/: every sample file in events/ points at its schema with "$schema" and
 * validates; invalid files are rejected, and the event schema agrees with what replay accepts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEventFile } from '../lib/local/cli/events';
import { schemaFile, schemaProblems, type SchemaName } from '../lib/local/cli/schemas';

const ROOT = path.resolve(__dirname, '..');
const EVENTS = path.join(ROOT, 'events');
const files = (fs.readdirSync(EVENTS, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();
const kindOf = (f: string) =>
  (f.startsWith('availability')
    ? f.endsWith('.expect.json')
      ? 'availability-expect'
      : 'availability-request'
    : f.endsWith('.expect.json')
      ? 'expect'
      : 'event') as SchemaName;

const valid = JSON.parse(fs.readFileSync(path.join(EVENTS, 'inbound', 'virus.json'), 'utf8')) as Record<string, any>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sample files', () => {
  test('the schemas folder is the shipped one', () => {
    expect(schemaFile('event')).toBe(path.join(ROOT, 'schemas', 'event.schema.json'));
  });

  test.each(files)('%s carries "$schema" and validates', (f) => {
    const json = JSON.parse(fs.readFileSync(path.join(EVENTS, f), 'utf8')) as { $schema?: string };
    expect(path.resolve(path.dirname(path.join(EVENTS, f)), json.$schema ?? '')).toBe(schemaFile(kindOf(f)));
    expect(schemaProblems(kindOf(f), json)).toEqual([]);
  });
});

describe('the event schema', () => {
  const cases: [string, (e: Record<string, any>) => void, RegExp][] = [
    [
      'an upper-case messageId',
      (e) => {
        e.messageId = 'Test-Message-1';
      },
      /^messageId: must match pattern/,
    ],
    [
      'no envelope',
      (e) => {
        delete e.envelope;
      },
      /must have required property 'envelope'/,
    ],
    [
      'a wrong direction',
      (e) => {
        e.flowDirection = 'SIDEWAYS';
      },
      /^flowDirection: must be one of INBOUND, OUTBOUND$/,
    ],
    [
      'recipients that are no list',
      (e) => {
        e.envelope.recipients = 'x';
      },
      /^envelope\.recipients: must be array$/,
    ],
    [
      'a recipient without an address',
      (e) => {
        e.envelope.recipients = [{}];
      },
      /^envelope\.recipients\.0: must have required property 'address'$/,
    ],
    [
      'truncated as a string',
      (e) => {
        e.truncated = 'no';
      },
      /^truncated: must be boolean$/,
    ],
  ];

  test.each(cases)('rejects %s, and so does replay', (_label, change, message) => {
    const event = structuredClone(valid);
    change(event);
    const problems = schemaProblems('event', event);
    expect(problems).toEqual([expect.stringMatching(message)]);
    const file = path.join(tmp, `${_label.replace(/\W+/g, '-')}.json`);
    fs.writeFileSync(file, JSON.stringify(event));
    expect(loadEventFile(file).ok).toBe(false);
  });

  test('flags a subject over 256 characters, which replay decides anyway (a deviation, as in production)', () => {
    const event = structuredClone(valid);
    event.subject = 'x'.repeat(257);
    expect(schemaProblems('event', event)).toEqual([expect.stringMatching(/^subject: must NOT have more than 256 characters$/)]);
    const file = path.join(tmp, 'long-subject.json');
    fs.writeFileSync(file, JSON.stringify(event));
    expect(loadEventFile(file).ok).toBe(true);
  });

  test('accepts what replay accepts: no messageId (generated), no flowDirection under a direction folder, extra fields', () => {
    const event = structuredClone(valid);
    delete event.messageId;
    delete event.flowDirection;
    event.someFutureField = 1;
    expect(schemaProblems('event', event)).toEqual([]);
    const file = path.join(tmp, 'inbound', 'lenient.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(event));
    expect(loadEventFile(file)).toMatchObject({ ok: true, event: { flowDirection: 'INBOUND' } });
  });
});
