/**
 * A lazy view over a raw message: the loader runs at most once, on first use; headers come from the
 * header block alone; `mailparser` (imported lazily) parses at most once, for text and attachments.
 */
import type { AttachmentStream, MessageText } from 'mailparser';
import type { AttachmentFacts, MessageContent } from '../workmail/message-content';
import { libmimeCharset, withMimeLibraries } from './libs';
import { once } from './once';

/** mailparser decodes every part in its charset from streams: libmime's charset module must be loaded first. */
const mailparser = once(async () => (await Promise.all([import('mailparser'), libmimeCharset.load()]))[0]);
/** The header reader loads only when a rule reads headers; libmime only when a header has an encoded word. */
const headerReader = once(() => import('./headers'));

/**
 * Text and attachment facts in one pass of mailparser's MailParser. An attachment's decoded bytes are
 * counted as they stream past and never kept (simpleParser would buffer each one and hash it).
 */
async function parse(raw: Buffer): Promise<{ text: string; attachments: AttachmentFacts[] }> {
  const { MailParser } = await mailparser();
  return new Promise((resolve, reject) => {
    const parser = new MailParser({ skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, checksumAlgo: false });
    let text = '';
    const attachments: AttachmentFacts[] = [];
    // MailParser may report a non-fatal error and still end: the first outcome wins.
    let settled = false;
    const settle = (err: unknown) => {
      if (settled) return;
      settled = true;
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve({ text, attachments });
    };
    parser.on('error', settle);
    parser.on('end', () => settle(undefined));
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        // mailparser fills `text` from the HTML part when there is no text/plain part.
        text = typeof data.text === 'string' ? data.text : '';
        return;
      }
      const facts: AttachmentFacts = {
        ...(data.filename !== undefined ? { filename: data.filename } : {}),
        contentType: data.contentType,
        size: 0,
      };
      attachments.push(facts);
      data.content.on('error', settle);
      data.content.on('end', () => {
        facts.size = data.size ?? 0;
        data.release?.();
      });
      data.content.resume();
    });
    parser.end(raw);
  });
}

/** Build the view. `load` returns the raw MIME; a rejection makes every method reject (conditions: unknown). */
export function createMessageView(load: () => Promise<Buffer>): MessageContent {
  const raw = once(load);
  const headers = once(async () => {
    const [{ readHeaders }, message] = await Promise.all([headerReader(), raw()]);
    return withMimeLibraries(() => readHeaders(message));
  });
  const parsed = once(async () => parse(await raw()));
  return {
    size: async () => (await raw()).length,
    headers,
    text: async () => (await parsed()).text,
    attachments: async () => (await parsed()).attachments.map((a) => ({ ...a })),
  };
}
