/**
 * A lazy view over a raw message: the loader runs at most once, on first use; headers come from the
 * header block alone; attachments from the part scanner (without decoding them); `mailparser`
 * (imported lazily) parses at most once, for the text.
 */
import type { AttachmentStream, MessageText } from 'mailparser';
import type { MessageContent } from '../workmail/message-content';
import { libmimeCharset, withMimeLibraries } from './libs';
import { once } from './once';

/** mailparser decodes every part in its charset from streams: libmime's charset module must be loaded first. */
const mailparser = once(async () => (await Promise.all([import('mailparser'), libmimeCharset.load()]))[0]);
/** The header reader loads only when a rule reads headers; libmime only when a header has an encoded word. */
const headerReader = once(() => import('./headers'));
const attachmentReader = once(() => import('./attachments'));

/**
 * The text in one pass of mailparser's MailParser. Attachments are drained unread: their bytes are
 * decoded as they stream past (mailparser has no way to skip that) and never kept or hashed.
 */
async function parseText(raw: Buffer): Promise<string> {
  const { MailParser } = await mailparser();
  return new Promise((resolve, reject) => {
    const parser = new MailParser({ skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true, checksumAlgo: false });
    let text = '';
    // MailParser may report a non-fatal error and still end: the first outcome wins.
    let settled = false;
    const settle = (err: unknown) => {
      if (settled) return;
      settled = true;
      if (err) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve(text);
    };
    parser.on('error', settle);
    parser.on('end', () => settle(undefined));
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        // mailparser fills `text` from the HTML part when there is no text/plain part.
        text = typeof data.text === 'string' ? data.text : '';
        return;
      }
      data.content.on('error', settle);
      data.content.on('end', () => data.release?.());
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
  const text = once(async () => parseText(await raw()));
  const attachments = once(async () => {
    const [{ attachmentFacts }, message] = await Promise.all([attachmentReader(), raw()]);
    return withMimeLibraries(() => attachmentFacts(message));
  });
  return {
    size: async () => (await raw()).length,
    headers,
    text,
    attachments: async () => (await attachments()).map((a) => ({ ...a })),
  };
}
