/**
 * Content conditions through `decide` (lib) with a loader over generated 100 KB and 25 MB messages:
 * a header-only condition (reads the header block alone), a body condition (parses the message with mailparser)
 * and an attachment condition (reads the MIME part tree, counts base64 sizes).
 * In process; each call builds a fresh lazy view, as one invocation does; the loader returns the
 * message already in memory, so the figure is the condition's own cost, not the Message Flow read.
 */
import { attachment, body, decide, defineRules, header, junk, type RuleSet } from '../../lib';
import type { LambdaEventData } from '../../lib/workmail';
import { measureAsync, type InProcessFigure, type InProcessOptions } from '../decide/measure';
import { formatTarget, target, type Target } from '../lib/results';
import { ratio, rounded } from '../lib/stats';
import { generateMessage, SIZES } from '../rewrite/generate';

export interface ContentSection {
  method: string;
  messages: Record<string, number>;
  /** figures[condition][size] per decide call, ms */
  figures: Record<string, Record<string, InProcessFigure>>;
  /** condition → how it is written in the rules */
  labels?: Record<string, string>;
  ratios: Record<string, number>;
}

class ContentBenchError extends Error {
  readonly code = 'BENCH_CONTENT' as const;
}

const EVENT: LambdaEventData = {
  summaryVersion: '2019-07-28',
  envelope: { mailFrom: { address: 'sender@bench.example' }, recipients: [{ address: 'recipient@corp.example' }] },
  subject: 'Quarterly report with attachments',
  messageId: '00000000-0000-4000-8000-00000000c0de',
  invocationId: '0000000000000000000000000000c0de',
  flowDirection: 'INBOUND',
  truncated: false,
};

const conditions: Record<string, { label: string; rules: RuleSet }> = {
  header: {
    label: "header-only: `header('Return-Path', /bench\\.example/)`",
    rules: defineRules({
      direction: 'INBOUND',
      rules: [{ name: 'return-path', when: header('Return-Path', /bench\.example/), then: junk() }],
    }),
  },
  body: {
    label: "body: `body('Benchmark')`",
    rules: defineRules({ direction: 'INBOUND', rules: [{ name: 'body-text', when: body('Benchmark'), then: junk() }] }),
  },
  attachment: {
    label: "attachment: `attachment({ extension: 'pdf' })`",
    rules: defineRules({ direction: 'INBOUND', rules: [{ name: 'pdf', when: attachment({ extension: 'pdf' }), then: junk() }] }),
  },
};

export async function runContentBench(opts: {
  quick?: boolean;
  log?: (s: string) => void;
}): Promise<{ section: ContentSection; targets: Target[] }> {
  const log = opts.log ?? (() => {});
  const sizes = { '100KB': SIZES['100KB']!, '25MB': SIZES['25MB']! };
  const messages: Record<string, Buffer> = {};
  for (const [name, size] of Object.entries(sizes)) messages[name] = generateMessage(size);
  const figures: Record<string, Record<string, InProcessFigure>> = {};
  for (const [condition, { rules: ruleSet }] of Object.entries(conditions)) {
    figures[condition] = {};
    for (const [name, raw] of Object.entries(messages)) {
      const call = async () => {
        const d = await decide(ruleSet, EVENT, { loadMessage: async () => raw });
        if (d.recipients[0]?.rule === undefined)
          throw new ContentBenchError(`the ${condition} condition did not hold on the ${name} message: ${JSON.stringify(d)}`);
      };
      const heavy = condition !== 'header' && raw.length > 1024 * 1024;
      const timing: InProcessOptions = heavy
        ? { runs: 5, minRunMs: 0, warmupMs: 0, warmupCalls: opts.quick ? 1 : 2, budgetMs: 0 }
        : opts.quick
          ? { runs: 9, minRunMs: 2, warmupMs: 200, budgetMs: 1500 }
          : { runs: 31, minRunMs: 5, warmupMs: 500, budgetMs: 5000 };
      const f = await measureAsync(call, timing);
      figures[condition]![name] = { ...rounded(f, 6), batch: f.batch };
      log(
        `  content ${condition.padEnd(6)} on ${name.padEnd(5)}: ${f.median.toFixed(3)} ms per decide (min ${f.min.toFixed(3)}, max ${f.max.toFixed(3)}, ${f.runs} runs × ${f.batch})`,
      );
    }
  }
  const ratios = {
    header25MBvs100KB: ratio(figures['header']!['25MB']!.median, figures['header']!['100KB']!.median),
    body25MBvs100KB: ratio(figures['body']!['25MB']!.median, figures['body']!['100KB']!.median),
    attachment25MBvs100KB: ratio(figures['attachment']!['25MB']!.median, figures['attachment']!['100KB']!.median),
  };
  const t = target('content.header25MB', 'header-only condition on 25 MB vs on 100 KB', ratios.header25MBvs100KB, 2, '× 100 KB');
  log(`  ${formatTarget(t)}`);
  return {
    section: {
      method:
        'In process, process.hrtime.bigint(); decide(ruleSet, event, { loadMessage }) with a one-rule set, a fresh lazy view per call, the loader ' +
        'returning the generated message from memory (bench/rewrite/generate.ts: text + HTML alternative and base64 PDF-like attachments). ' +
        'Warm-up, then batches of at least a few ms for the small cases; the 25 MB cases that read the whole message are 5 single calls. ' +
        'The body condition is one MailParser pass (attachments drained unread); the attachment condition reads the part tree ' +
        '(headers by mailsplit, base64 sizes counted, not decoded).',
      messages: Object.fromEntries(Object.entries(messages).map(([k, v]) => [k, v.length])),
      figures,
      labels: Object.fromEntries(Object.entries(conditions).map(([k, c]) => [k, c.label])),
      ratios,
    },
    targets: [t],
  };
}
