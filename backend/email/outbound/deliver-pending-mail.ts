// Sends the mail kept while no outgoing server was configured (email_logs status 'pending',
// the full message in `raw`). Call it when a transport exists: at start, and after an admin
// configures one. Each row is claimed (pending → failed) before the SMTP conversation and
// marked 'sent' after it, so two callers never send the same row and a row whose send
// failed (transport down) stays 'failed' with its raw message, for the next call to retry.
import type { EmailLog } from '../../db/schema';
import type { ForumContext } from '../../services/context';
import { nowIso } from '../../util/clock';
import { findUserById } from '../../users/users-repository';
import { EMAIL_STATUS, errorText, markSent, markSkipped } from './email-log';
import { outgoingFromRaw } from './raw-message';
import { verpBounceAddress } from './reply-addresses';
import { postEmailSkip, siteAndRecipientSkip } from './send-checks';
import type { SkipReason } from './skip-reasons';

export interface PendingDelivery {
  sent: number;
  skipped: number;
  /** Rows left for a later call because the transport failed; the first error says why. */
  failed: number;
  error?: string;
}

const BATCH = 50;

async function claim(ctx: ForumContext, row: EmailLog): Promise<boolean> {
  const res = await ctx.db
    .updateTable('email_logs')
    .set({ status: EMAIL_STATUS.failed, updated_at: nowIso() })
    .where('id', '=', row.id)
    .where('status', '=', row.status)
    .where('updated_at', '=', row.updated_at)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

async function release(ctx: ForumContext, row: EmailLog): Promise<void> {
  await ctx.db.updateTable('email_logs').set({ status: row.status }).where('id', '=', row.id).execute();
}

/** Whether the email should still go out, re-checked now (the post may be gone, the address bouncing). */
async function skipNow(ctx: ForumContext, row: EmailLog): Promise<SkipReason | undefined> {
  const recipient = row.user_id === null ? undefined : await findUserById(ctx.db, row.user_id);
  let reason: SkipReason | undefined;
  if (row.post_id === null) {
    reason = await siteAndRecipientSkip(ctx, row.email_type, recipient, row.to_address);
  } else {
    const post = await ctx.db
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', row.post_id)
      .executeTakeFirst();
    const topic = post
      ? await ctx.db.selectFrom('topics').selectAll().where('id', '=', post.topic_id).executeTakeFirst()
      : undefined;
    reason = await postEmailSkip(ctx, row.email_type, { recipient, address: row.to_address, post, topic });
  }
  // The daily cap counted this email when it was kept, and being seen on the site since
  // does not mean the person read it; neither holds it back now.
  return reason === 'exceeded_emails_limit' || reason === 'user_email_seen_recently' ? undefined : reason;
}

export async function deliverPendingMail(ctx: ForumContext): Promise<PendingDelivery> {
  const result: PendingDelivery = { sent: 0, skipped: 0, failed: 0 };
  const mail = ctx.mail;
  if (!mail) return result;
  let afterId = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom('email_logs')
      .selectAll()
      .where('id', '>', afterId)
      .where((eb) =>
        eb.or([
          eb('status', '=', EMAIL_STATUS.pending),
          eb.and([eb('status', '=', EMAIL_STATUS.failed), eb('raw', 'is not', null)]),
        ]),
      )
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) return result;
    for (const row of rows) {
      afterId = row.id;
      if (!row.raw || !(await claim(ctx, row))) continue;
      const reason = await skipNow(ctx, row);
      if (reason === 'disable_emails') {
        // Sending is switched off: keep the mail for later rather than drop what people wrote.
        await release(ctx, row);
        continue;
      }
      if (reason) {
        await markSkipped(ctx.db, row.id, reason);
        result.skipped += 1;
        continue;
      }
      const verp = row.bounce_key ? verpBounceAddress(ctx.settings, row.bounce_key) : undefined;
      const envelope = { from: verp ?? ctx.settings.str('notification_email'), to: [row.to_address] };
      try {
        const message = await outgoingFromRaw(row.raw, envelope);
        const { response } = await mail.send(message);
        await markSent(ctx.db, ctx.settings, row, response);
        result.sent += 1;
      } catch (e) {
        await ctx.db
          .updateTable('email_logs')
          .set({ smtp_response: errorText(e).slice(0, 1000), updated_at: nowIso() })
          .where('id', '=', row.id)
          .execute();
        result.failed += 1;
        result.error ??= errorText(e);
      }
    }
  }
}
