// Links in the forum's outgoing mail as a person receives it: a real SMTP sink the backend sends to
// (start the backend with `smtpUrl: sink.url`) and the links in the emails that arrive.
// No Playwright import, so renderer tests against a real forum can use it too.
import { linkIn } from '../../backend/testing/browser';
import type { SmtpSink } from '../../backend/testing/smtp-sink';

export { startSmtpSink, type SmtpSink } from '../../backend/testing/smtp-sink';

/** The link containing `path` in the first email to `to` whose subject matches (waiting for it). */
export async function emailedLink(
  sink: SmtpSink,
  to: string,
  subject: RegExp,
  path: string,
): Promise<string> {
  const message = await sink.waitFor(
    (m) => m.rcptTo.includes(to) && subject.test(m.parsed.subject ?? ''),
    30_000,
  );
  return linkIn(message.parsed.text, path);
}

/** The link containing `path` in the newest email to `to` received so far. */
export function newestLink(sink: SmtpSink, to: string, path: string): string {
  return linkIn(sink.to(to).at(-1)?.parsed.text, path);
}
