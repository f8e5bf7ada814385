/**
 * attachment() as Attachment compliance conditions: extensions and name globs as a "File name"
 * regex, a RegExp name as RE2, minBytes as "File size" in MB. Google has file-type categories, not
 * MIME types, so a contentType is not exported.
 */
import type { AttachmentCondition } from '../../engine/conditions/attachment';
import { describeCondition } from '../../engine/conditions/index';
import { exact, notExported, type Piece } from '../types';
import { re2Alone, re2Literal, toRe2 } from './regex';
import type { Expr, Formula } from './types';

const NAME_NOTE =
  'attachment(): Google tests the file name as sent; WorkMail also reads look-alike letters, invisible characters and trailing dots as the saved file name';

/** Extensions Gmail refuses in any message whatever the settings (its blocked file types, in part). */
export const GMAIL_BLOCKED_EXTENSIONS: readonly string[] =
  'ade adp apk appx appxbundle bat cab chm cmd com cpl diagcab diagcfg diagpack dll dmg ex ex_ exe hta img ins iso isp jar jnlp js jse lib lnk mde msc msi msix msixbundle msp mst nsh pif ps1 scr sct shb sys vb vbe vbs vhd vxd wsc wsf wsh xll'.split(
    ' ',
  );

const extensionsOf = (c: AttachmentCondition): string[] =>
  (typeof c.spec.extension === 'string' ? [c.spec.extension] : [...(c.spec.extension ?? [])]).map((e) =>
    e.trim().replace(/^\./, '').toLowerCase(),
  );

function nameExpr(c: AttachmentCondition): Piece<Expr> {
  const file = (value: string): Expr => ({ kind: 'file', what: 'File name', match: 'Matches regex', value });
  const name = c.spec.name;
  if (name instanceof RegExp) {
    const r = toRe2(name);
    return r.ok ? exact(file(re2Alone(r.value))) : notExported(`${describeCondition(c)}: ${r.reason}`);
  }
  const glob = re2Literal(String(name).trim()).replace(/\\\*/g, '.*').replace(/\\\?/g, '.');
  return exact(file(`(?i)^${glob}$`));
}

export function attachmentFormula(c: AttachmentCondition): Piece<Formula> {
  const what = describeCondition(c);
  if (c.spec.contentType !== undefined)
    return notExported(`${what}: Attachment compliance tests file-type categories (documents, images, …), not MIME types`);
  const exprs: Expr[] = [];
  const differences = [NAME_NOTE];
  const ext = extensionsOf(c);
  const blocked = ext.filter((e) => GMAIL_BLOCKED_EXTENSIONS.includes(e));
  if (blocked.length > 0)
    differences.push(
      `${what}: Gmail already refuses ${blocked.map((e) => `.${e}`).join(', ')} in every message (its blocked file types), with its own notice`,
    );
  if (ext.length > 0)
    exprs.push({ kind: 'file', what: 'File name', match: 'Matches regex', value: `(?i)\\.(?:${ext.map(re2Literal).join('|')})$` });
  if (c.spec.name !== undefined) {
    const n = nameExpr(c);
    if (!n.ok) return n;
    exprs.push(n.value);
  }
  if (c.spec.minBytes !== undefined) {
    const mb = Math.max(1, Math.round(c.spec.minBytes / 2 ** 20));
    exprs.push({ kind: 'file', what: 'File size', match: 'Greater than', value: `${mb} MB` });
    differences.push(`${what}: Google compares the attachment size in whole MB (${mb} MB)`);
  }
  if (exprs.length === 0) exprs.push({ kind: 'file', what: 'File name', match: 'Matches regex', value: '.' });
  if (exprs.length > 1)
    differences.push(`${what}: Google may find each condition in a different attachment; WorkMail needs one attachment to meet them all`);
  return exact({ join: 'ALL', exprs }, differences);
}
