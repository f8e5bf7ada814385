/** The Sieve export target: one script per rule set for a host profile, compiled by sievec for Dovecot. */
import type { Capability, ExportTarget } from '../target';
import { exportSieve } from './compile';
import { DEFAULT_HOST, SIEVE_HOSTS, sieveHost } from './hosts';
import { validateWithSievec } from './validate';

function capabilities(hostId?: string): Capability[] {
  const host = sieveHost(hostId ?? DEFAULT_HOST);
  const has = (ext: string) => host.extensions.has(ext);
  const needs = (ext: string, feature: string, note?: string): Capability =>
    has(ext)
      ? { feature, fidelity: note ? 'approximate' : 'exact', ...(note ? { note } : {}) }
      : { feature, fidelity: 'not exported', note: `needs ${ext}, which ${host.title} lacks` };
  return [
    { feature: 'from / sender / mailFrom / recipient: address, domain, *.domain, *', fidelity: 'exact' },
    { feature: 'anyRecipient()', fidelity: 'not exported', note: 'Sieve sees only the recipient it runs for' },
    needs('regex', 'RegExps (subject, header, address)', 'a subset translates to POSIX; the rest is not exported'),
    { feature: 'subject / header text', fidelity: 'exact', note: 'non-ASCII text: ASCII-only case folding (approximate)' },
    needs('body', 'body text', 'every text part is searched, not only the main body'),
    needs('mime', 'attachment by extension or name glob'),
    { feature: 'sizeOver', fidelity: 'exact' },
    { feature: 'custom() conditions', fidelity: 'not exported', note: 'JavaScript' },
    needs('reject', 'BOUNCE'),
    { feature: 'DROP', fidelity: 'exact' },
    has('mailbox')
      ? { feature: 'MOVE_TO_JUNK', fidelity: 'exact', note: 'fileinto :create "Junk"' }
      : { feature: 'MOVE_TO_JUNK', fidelity: 'approximate', note: 'fileinto "Junk": INBOX when the folder is missing' },
    { feature: 'BYPASS_SPAM_CHECK', fidelity: 'approximate', note: 'keep' },
    host.redirect
      ? needs('copy', 'copyTo', 'redirected once per recipient')
      : { feature: 'copyTo', fidelity: 'not exported', note: 'no redirect' },
    needs('editheader', 'rewrite: tagSubject, setHeader, removeHeader', 'the edited field is added last'),
    { feature: 'rewrite: appendFooter, removeAttachments', fidelity: 'not exported', note: 'Sieve cannot change the body' },
    { feature: 'audit rules', fidelity: 'exact', note: 'written as comments' },
  ];
}

export const sieveTarget: ExportTarget = {
  id: 'sieve',
  summary: 'one Sieve script (RFC 5228) per rule set for a host: <name>.sieve',
  option: {
    name: 'host',
    values: SIEVE_HOSTS.map((h) => h.id),
    default: DEFAULT_HOST,
    help: SIEVE_HOSTS.map((h) => `${h.id} (${h.title})`).join(', '),
  },
  capabilities,
  limits: (hostId) => {
    const host = sieveHost(hostId ?? DEFAULT_HOST);
    return [
      `require only: ${[...host.extensions].sort().join(', ')}`,
      'numbers up to 2^64; RegExp repetitions up to 255; strings without NUL, CR or LF',
      ...(host.sievec ? ['every script is compiled with sievec before it is written'] : []),
    ];
  },
  compile(input, hostId) {
    const e = exportSieve(input.ruleSet, {
      name: input.name,
      source: input.source,
      host: hostId ?? DEFAULT_HOST,
      ...(input.rewrite ? { rewrite: input.rewrite } : {}),
    });
    validateWithSievec(input.name, e.script, sieveHost(e.host));
    return {
      files: [{ name: `${input.name}.sieve`, content: e.script }],
      report: e.report,
      exported: e.exported,
      data: { host: e.host, script: e.script },
    };
  },
};
