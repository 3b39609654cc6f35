// What the receiver can work out from the raw bytes alone, before it touches the database:
// the parsed email, the post body the settings select, and that body cooked when it needs no
// lookups. Computed in the parse worker (parse-pool.ts) while the main thread, which owns the
// SQLite writer, processes the emails before it; also in-thread when no worker is available.
import { cookWithoutLookups } from '../../posts/cook-context';
import { emailBody, postRaw, type BodyOptions, type EmailBody } from './email-body';
import { parseEmail, type ParsedEmail } from './parse-email';

export interface PreparedEmail {
  email: ParsedEmail;
  /** The body under `options` (process-email.ts recomputes it if the settings changed since). */
  body: { options: BodyOptions; value: EmailBody };
  /**
   * The HTML of `raw` cooked as post-writer.ts would: the raw the post gets when the body goes
   * into a PM unchanged (no attachments rewrote it). The writer uses it only for that exact raw.
   */
  precooked?: { raw: string; cooked: string };
}

export async function prepareEmail(raw: Buffer, options: BodyOptions): Promise<PreparedEmail> {
  const email = await parseEmail(raw);
  const value = emailBody(email, options);
  const prepared: PreparedEmail = { email, body: { options, value } };
  if (value.markdown !== '') {
    const post = postRaw(value, true);
    const cooked = cookWithoutLookups(post);
    if (cooked !== undefined) prepared.precooked = { raw: post, cooked };
  }
  return prepared;
}
