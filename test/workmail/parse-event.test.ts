import fs from 'node:fs';
import path from 'node:path';
import { EventValidationError, parseEvent, parseEventWithDeviations } from '../../lib/workmail';
import { documentedEvent, malformedEvents } from '../fixtures/workmail/malformed';
import { EVENTS_PEER_DIR } from '../fixtures/corpus';

const peer = EVENTS_PEER_DIR;

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseEvent(input);
  } catch (err) {
    expect(err).toBeInstanceOf(EventValidationError);
    return (err as EventValidationError).issues;
  }
  throw new Error('expected parseEvent to throw');
}

describe('parseEvent', () => {
  test('accepts the documented example and keeps every field', () => {
    const ev = parseEvent(structuredClone(documentedEvent));
    expect(ev).toEqual(documentedEvent);
  });

  test('fills defaults for optional fields and ignores unknown ones', () => {
    const input = {
      envelope: { mailFrom: { address: ' a@b.example ' }, recipients: [{ address: 'C@D.example ', extra: 1 }] },
      flowDirection: 'OUTBOUND',
      future: { x: 1 },
    };
    const ev = parseEvent(input);
    expect(ev).toEqual({
      summaryVersion: '',
      subject: '',
      messageId: '',
      invocationId: '',
      truncated: false,
      flowDirection: 'OUTBOUND',
      envelope: { mailFrom: { address: 'a@b.example' }, recipients: [{ address: 'C@D.example' }] },
    });
    expect('sender' in ev).toBe(false);
  });

  test('takes the direction from options only when the event has none', () => {
    const e: Record<string, unknown> = structuredClone(documentedEvent);
    delete e.flowDirection;
    expect(parseEvent(e, { direction: 'OUTBOUND' }).flowDirection).toBe('OUTBOUND');
    expect(parseEvent(documentedEvent, { direction: 'OUTBOUND' }).flowDirection).toBe('INBOUND');
  });

  test('accepts unknown summaryVersion values and a 256-character Unicode subject', () => {
    const subject = '📧é'.repeat(128);
    const ev = parseEvent({ ...structuredClone(documentedEvent), summaryVersion: '2031-01-01', subject });
    expect(ev.summaryVersion).toBe('2031-01-01');
    expect(ev.subject).toBe(subject);
  });

  test('lists every problem at once with its path', () => {
    const bad = {
      envelope: { mailFrom: { address: 3 }, recipients: [{ address: 'ok@x.example' }, 5, { address: null }] },
      flowDirection: 'UP',
      truncated: 'yes',
    };
    const issues = issuesOf(bad);
    expect(issues.map((i) => i.path)).toEqual([
      'envelope.mailFrom.address',
      'envelope.recipients[1]',
      'envelope.recipients[2].address',
      'flowDirection',
      'truncated',
    ]);
    expect(issues[0]!.message).toBe('expected a string, got number');
  });

  test('has a message that reads well in a log', () => {
    try {
      parseEvent({ envelope: {} });
    } catch (err) {
      expect((err as Error).message).toMatch(
        /^Invalid WorkMail event \(3 problems\): envelope\.mailFrom: is required; envelope\.recipients: is required; flowDirection: is required/,
      );
      expect((err as EventValidationError).code).toBe('EVENT_VALIDATION');
    }
    expect.assertions(2);
  });

  test.each(malformedEvents.map((c) => [c.name, c] as const))('rejects %s', (_name, c) => {
    const issues = issuesOf(c.make());
    expect(issues.map((i) => i.path)).toContain(c.path);
  });

  test('has at least 30 malformed cases', () => {
    expect(malformedEvents.length).toBeGreaterThanOrEqual(30);
  });

  describe('the public corpus of Run-Lambda sample events', () => {
    const files = fs.readdirSync(peer).filter((f) => f.endsWith('.json'));
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(peer, f), 'utf8')) as Record<string, unknown>;

    test('has the samples the corpus documents', () => {
      expect(files.length).toBeGreaterThanOrEqual(12);
    });

    test.each(files.filter((f) => f !== 'sam-cli-workmail.json'))('parses %s', (f) => {
      const raw = read(f);
      const ev = parseEvent(raw, raw.flowDirection === undefined ? { direction: 'INBOUND' } : {});
      expect(ev.envelope.recipients.length).toBeGreaterThan(0);
      expect(ev.envelope.mailFrom.address).toContain('@');
    });

    test('needs a direction for the samples without flowDirection', () => {
      const without = files.filter((f) => read(f).flowDirection === undefined);
      expect(without.sort()).toEqual(['workmail-chat-bot-python.json', 'workmail-wordpress-python.json']);
      for (const f of without) expect(issuesOf(read(f)).map((i) => i.path)).toEqual(['flowDirection']);
    });

    test('rejects the SAM template that still holds its placeholder, at flowDirection', () => {
      const issues = issuesOf(read('sam-cli-workmail.json'));
      expect(issues.map((i) => i.path)).toEqual(['flowDirection']);
      expect(issues[0]!.message).toContain('{{{flow_direction}}}');
    });
  });
});

describe('deviations that keep the meaning of an event', () => {
  test('an empty mailFrom is the null sender: valid, and no deviation', () => {
    const e = structuredClone(documentedEvent) as { envelope: { mailFrom: { address: string } } };
    e.envelope.mailFrom.address = '  ';
    const { event, deviations } = parseEventWithDeviations(e);
    expect(event.envelope.mailFrom.address).toBe('');
    expect(deviations).toEqual([]);
  });

  test('a subject over 256 code points is accepted as given and reported as a deviation', () => {
    const subject = '✓'.repeat(257);
    const { event, deviations } = parseEventWithDeviations({ ...structuredClone(documentedEvent), subject });
    expect(event.subject).toBe(subject);
    expect(deviations).toEqual([{ path: 'subject', message: expect.stringMatching(/^257 characters, more than the 256/) }]);
    expect(parseEventWithDeviations({ ...structuredClone(documentedEvent), subject: '📧'.repeat(256) }).deviations).toEqual([]);
  });

  test('an empty sender address reads as no sender, reported', () => {
    const { event, deviations } = parseEventWithDeviations({ ...structuredClone(documentedEvent), sender: { address: ' ' } });
    expect(event.sender).toBeUndefined();
    expect(deviations.map((d) => d.path)).toEqual(['sender.address']);
  });

  test('what makes an event undecidable still throws: no recipients, no direction, wrong types', () => {
    for (const patch of [{ envelope: { mailFrom: { address: '' }, recipients: [] } }, { flowDirection: undefined }, { truncated: 'no' }]) {
      expect(() => parseEventWithDeviations({ ...structuredClone(documentedEvent), ...patch })).toThrow(EventValidationError);
    }
  });
});
