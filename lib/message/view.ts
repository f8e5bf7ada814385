/**
 * A lazy view over a raw message: the loader runs at most once, on first use; headers come from the
 * header block alone; `mailparser` (imported lazily) parses at most once, for text and attachments.
 */
import type { AttachmentFacts, MessageContent } from '../workmail/message-content';
import { libmimeCharset, withMimeLibraries } from './libs';
import { once } from './once';

/** mailparser decodes every part in its charset from streams: libmime's charset module must be loaded first. */
const mailparser = once(async () => (await Promise.all([import('mailparser'), libmimeCharset.load()]))[0]);
/** The header reader loads only when a rule reads headers; libmime only when a header has an encoded word. */
const headerReader = once(() => import('./headers'));

async function parse(raw: Buffer): Promise<{ text: string; attachments: AttachmentFacts[] }> {
  const { simpleParser } = await mailparser();
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  // mailparser fills `text` from the HTML part when there is no text/plain part.
  const text = typeof mail.text === 'string' ? mail.text : '';
  const attachments = mail.attachments.map((a) => ({
    ...(a.filename !== undefined ? { filename: a.filename } : {}),
    contentType: a.contentType,
    size: a.size ?? a.content?.length ?? 0,
  }));
  return { text, attachments };
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
