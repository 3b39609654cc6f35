// CPU cost of turning a parsed reply into its post body (emailBody: cut at Discourse's markers,
// trim the quoted history), on the bench's typical short reply and on a long quoted thread.
//   npx tsx backend/bench/trim-bench.ts [iterations] [runs] [baseline checkout]
// prints µs of CPU per call for each run. With a baseline checkout (e.g. a `git worktree` or
// `git archive` of an older commit, with node_modules beside it), its emailBody is measured too,
// alternating run by run with this one, so that the noise of a shared machine hits both alike.
// Bodies are built as backend/bench/ingest.ts builds them and parsed by parseEmail, so the text is
// exactly what the parse worker trims.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { emailBody } from '../email/inbound/email-body';
import { parseEmail } from '../email/inbound/parse-email';
import { replyEmail } from '../testing/reply-emails';
import { longThreadReplyBody, typicalReplyBody } from './ingest';

type EmailBodyFn = typeof emailBody;

const TYPICAL = typicalReplyBody(7);
const LONG = longThreadReplyBody(7);

const OPTIONS = { preferHtml: true, trim: true, stripLines: false };

async function parsedText(body: string): Promise<string> {
  const { raw } = replyEmail({ from: 'guest@bench.example.org', to: 'reply@foyer.test', body });
  const text = (await parseEmail(raw)).text;
  if (text === undefined) throw new Error('the bench reply has no text part');
  return text;
}

/** µs of CPU (user + system) per call over `iterations` calls. */
function measure(body: EmailBodyFn, text: string, iterations: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) body({ text, html: undefined }, OPTIONS);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / iterations;
}

function summary(samples: readonly number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const all = samples.map((s) => s.toFixed(1)).join(', ');
  return `median ${median.toFixed(1)} µs, min ${(sorted[0] ?? 0).toFixed(1)} µs [${all}]`;
}

const iterations = Number(process.argv[2] ?? '5000');
const runs = Number(process.argv[3] ?? '5');
const baselineDir = process.argv[4];
const candidates: [string, EmailBodyFn][] = [['current', emailBody]];
if (baselineDir !== undefined) {
  const module = resolve(baselineDir, 'backend/email/inbound/email-body.ts');
  const baseline = (await import(pathToFileURL(module).href)) as { emailBody: EmailBodyFn };
  candidates.unshift(['baseline', baseline.emailBody]);
}

for (const [name, body, scale] of [
  ['typical', TYPICAL, 1],
  ['long', LONG, 10],
] as const) {
  const text = await parsedText(body);
  const count = Math.max(1, Math.round(iterations / scale));
  const samples = new Map<string, number[]>(candidates.map(([label]) => [label, []]));
  // warm-up: let the JIT settle before timing
  for (const [, fn] of candidates) measure(fn, text, count);
  for (let run = 0; run < runs; run++) {
    for (const [label, fn] of candidates) samples.get(label)?.push(measure(fn, text, count));
  }
  for (const [label, values] of samples) {
    console.log(`${name} ${label} (${text.length} chars, ${count} calls × ${runs}): ${summary(values)}`);
  }
}
