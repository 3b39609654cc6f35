// Mail kept while no outgoing server is configured is stored as the full RFC 5322 message
// (what an admin would want to read, and exactly what will be sent), then turned back into
// our OutgoingMessage shape when a transport appears. Same Message-ID, same headers, same
// bodies; only the Date becomes the real send time.
import MailComposer from 'nodemailer/lib/mail-composer';
import PostalMime, { decodeWords } from 'postal-mime';
import type { Address } from 'postal-mime';
import type { OutgoingMessage } from '../../services/context';
import { mailbox } from './site-identity';
import { toNodemailerOptions } from './smtp-transport';

export async function renderRawMessage(message: OutgoingMessage): Promise<string> {
  const buffer = await new MailComposer(toNodemailerOptions(message)).compile().build();
  return buffer.toString('utf8');
}

// Rebuilt from the parsed fields below (or by the transport itself), not copied as headers.
const STRUCTURAL = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
]);

function firstMailbox(list: Address[] | Address | undefined): { name: string; address: string } | undefined {
  const first = Array.isArray(list) ? list[0] : list;
  if (!first) return undefined;
  if ('address' in first && first.address) return { name: first.name, address: first.address };
  if ('group' in first && first.group?.[0])
    return { name: first.group[0].name, address: first.group[0].address };
  return undefined;
}

export async function outgoingFromRaw(
  raw: string,
  envelope: OutgoingMessage['envelope'],
): Promise<OutgoingMessage> {
  const parsed = await PostalMime.parse(raw);
  const from = firstMailbox(parsed.from);
  const to = firstMailbox(parsed.to);
  const replyTo = firstMailbox(parsed.replyTo);
  if (!from || !to || !parsed.messageId)
    throw new Error('the kept message has no From, To or Message-ID; it cannot be sent as it is');
  const headers: Record<string, string> = {};
  for (const h of parsed.headers) {
    if (STRUCTURAL.has(h.key)) continue;
    // Values come back unfolded but still encoded; nodemailer encodes them again as needed.
    headers[h.originalKey] = decodeWords(h.value);
  }
  const cc = (parsed.cc ?? []).flatMap((a) =>
    'group' in a && a.group ? a.group.map((g) => g.address) : 'address' in a && a.address ? [a.address] : [],
  );
  return {
    from: mailbox(from.name, from.address),
    to: to.address,
    ...(cc.length ? { cc } : {}),
    ...(replyTo ? { replyTo: mailbox(replyTo.name, replyTo.address) } : {}),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    ...(parsed.html ? { html: parsed.html } : {}),
    messageId: parsed.messageId,
    headers,
    ...(envelope ? { envelope } : {}),
    ...(parsed.attachments.length
      ? {
          attachments: parsed.attachments.map((a) => ({
            filename: a.filename ?? 'attachment',
            content: Buffer.from(
              typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : new Uint8Array(a.content),
            ),
            contentType: a.mimeType,
          })),
        }
      : {}),
  };
}
