/**
 * Where an HTML footer shows, read with htmlparser2's tokenizer (mailparser brings it): before the
 * last real `</body>` (one inside a comment, script, style, textarea or title is text), else at the
 * end. Whatever is still open there (a hidden element, a link, a table, an unclosed raw-text
 * element, a comment or a tag) is closed first, so the footer lands at body level.
 */
import { htmlparser2 } from '../libs';

export interface HtmlPlacement {
  /** Offset in the input string where the footer is inserted. */
  at: number;
  /** What must come before the footer to leave every hidden, raw-text or inline context. */
  closers: string;
  /** Whether `at` is the start of a real `</body>` tag. */
  beforeBody: boolean;
}

const OUTSIDE_BODY = new Set(['html', 'head', 'body']);

export function placeHtmlFooter(html: string): HtmlPlacement {
  const { Parser } = htmlparser2();
  const open: string[] = [];
  let bodyAt = -1;
  let openAtBody: string[] = [];
  // Elements the parser closes as implied at one offset: at an explicit </body>, what was open inside.
  let implied: { at: number; names: string[] } = { at: -1, names: [] };
  let lastEnd = -1;
  let unterminatedComment = false;
  const read = () => {
    lastEnd = parser.endIndex;
  };
  const parser = new Parser(
    {
      onopentagname: (name) => {
        open.push(name);
      },
      onopentag: read,
      onclosetag: (name, isImplied) => {
        if (isImplied) {
          if (implied.at !== parser.startIndex) implied = { at: parser.startIndex, names: [] };
          implied.names.push(name);
        } else {
          lastEnd = parser.endIndex;
          if (name === 'body') {
            // the tag's own `</` (the parser's startIndex is not the close tag's start)
            bodyAt = html.lastIndexOf('</', parser.endIndex);
            openAtBody = implied.at === parser.startIndex ? [...implied.names].reverse() : [];
          }
        }
        const i = open.lastIndexOf(name);
        if (i >= 0) open.length = i;
      },
      ontext: read,
      oncomment: () => {
        lastEnd = parser.endIndex;
        unterminatedComment = parser.endIndex >= html.length - 1 && !/--!?>$/.test(html.slice(parser.startIndex));
      },
      onprocessinginstruction: read,
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  parser.write(html);
  const atEnd = [...open];
  parser.end();
  if (bodyAt >= 0) {
    return { at: bodyAt, closers: closersFor(openAtBody), beforeBody: true };
  }
  const inTag = lastEnd < html.length - 1 && !unterminatedComment ? '\'">' : '';
  return { at: html.length, closers: `${inTag}${unterminatedComment ? '-->' : ''}${closersFor(atEnd)}`, beforeBody: false };
}

function closersFor(stack: string[]): string {
  return stack
    .filter((n) => !OUTSIDE_BODY.has(n))
    .reverse()
    .map((n) => `</${n}>`)
    .join('');
}
