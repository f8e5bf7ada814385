/** `attachment(spec)`: some attachment matches every given field of the spec. Parses the message. */
import { attachmentSpecProblems, matchAttachment, type AttachmentSpec } from '../attachment-spec';
import { defineConditionKind, readMessage } from './kind';
import { attachmentNameWarnings } from './text';

export interface AttachmentCondition {
  kind: 'attachment';
  spec: AttachmentSpec;
}
declare module './types' {
  interface ConditionKinds {
    attachment: AttachmentCondition;
  }
}

/** Some attachment matches every given field of `spec`. */
export const attachment = (spec: AttachmentSpec = {}): AttachmentCondition => ({ kind: 'attachment', spec });

const show = (spec: AttachmentSpec) => JSON.stringify(spec, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v));

defineConditionKind<AttachmentCondition>({
  kind: 'attachment',
  problems: (c) => attachmentSpecProblems(c.spec),
  warnings: (c) => attachmentNameWarnings(c.spec?.name),
  regexps: (c) => [c.spec?.name, c.spec?.contentType].filter((r): r is RegExp => r instanceof RegExp),
  cost: () => 3,
  describe: (c) => `attachment(${show(c.spec)})`,
  evaluate: (c, ev) => readMessage(ev, async (m) => (await m.attachments()).some((a) => matchAttachment(c.spec, a))),
});
