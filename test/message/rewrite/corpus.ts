/** Test helper: the shared MIME corpus, and mailsplit's own reading of a message as the reference. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR } from '../../fixtures/corpus';

export const MIME_DIR = path.join(CORPUS_DIR, 'mime');

export function corpusFiles(dir = MIME_DIR): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpusFiles(p));
    else if (/\.(eml|txt)$/i.test(name)) out.push(p);
  }
  return out;
}

export const rel = (p: string): string => path.relative(MIME_DIR, p);
export const load = (p: string): Buffer => readFileSync(p);

export interface SplitNode {
  headers: Buffer;
  body: Buffer;
  /** Multipart structure bytes (preamble, delimiter lines, epilogue) reported under this node. */
  data: Buffer;
  /** The same, chunk by chunk as the Splitter emitted them. */
  dataChunks: Buffer[];
  contentType: string;
  multipart: boolean;
}

/** mailsplit's Splitter (embedded messages not parsed): each node's header block and leaf body. */
export async function splitWithMailsplit(raw: Buffer): Promise<SplitNode[]> {
  const { Splitter } = await import('@zone-eu/mailsplit');
  return new Promise((resolve, reject) => {
    type Acc = SplitNode & { chunks: Buffer[]; dataChunks: Buffer[] };
    const nodes: Acc[] = [];
    const byNode = new Map<unknown, Acc>();
    const splitter = new Splitter({ ignoreEmbedded: true });
    const s = splitter as unknown as NodeJS.EventEmitter & { end(b: Buffer): void };
    s.on('data', (d: { type: string; value?: Buffer; node?: unknown; getHeaders?: () => Buffer; contentType?: string; multipart?: string | false }) => {
      if (d.type === 'node') {
        const n: Acc = { headers: d.getHeaders!(), body: Buffer.alloc(0), data: Buffer.alloc(0), chunks: [], dataChunks: [], contentType: d.contentType || '', multipart: Boolean(d.multipart) };
        nodes.push(n);
        byNode.set(d, n);
      } else if (d.type === 'body') {
        byNode.get(d.node)!.chunks.push(d.value!);
      } else if (d.type === 'data') {
        byNode.get(d.node)?.dataChunks.push(d.value!);
      }
    });
    s.on('error', reject);
    s.on('end', () =>
      resolve(nodes.map((n) => ({ headers: n.headers, body: Buffer.concat(n.chunks), data: Buffer.concat(n.dataChunks), dataChunks: n.dataChunks, contentType: n.contentType, multipart: n.multipart }))),
    );
    s.end(raw);
  });
}
