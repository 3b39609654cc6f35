// Who a reply or a new message would reach by email, before it is sent: Foyer's
// GET /foyer/email-preview.json (the server's services/email-preview.ts). It names people the sender
// can already see, by name only; typed addresses come back as typed.
import type { AxiosInstance } from 'axios';
import { z } from 'zod';

const emailPreviewSchema = z.object({
  email_preview: z.object({
    users: z.array(
      z.object({
        id: z.number(),
        username: z.string(),
        name: z.string().nullish(),
        staged: z.boolean().optional().default(false),
        /** by_email (staged), email_preference, when_away, group_mailbox; unknown ones show as plain. */
        reason: z.string(),
        via_group: z.string().nullish(),
      }),
    ),
    emails: z.array(z.string()).default([]),
    hidden_groups: z.array(z.object({ id: z.number(), name: z.string() })).default([]),
    opted_out: z
      .array(z.object({ id: z.number(), username: z.string(), name: z.string().nullish() }))
      .default([]),
  }),
});

export type EmailPreview = z.infer<typeof emailPreviewSchema>['email_preview'];

/** A reply (topicId) or a new message (targetRecipients: Discourse's comma list). */
export type EmailPreviewQuery = { topicId: number } | { targetRecipients: string };

export async function fetchEmailPreview(
  http: AxiosInstance,
  query: EmailPreviewQuery,
  signal?: AbortSignal,
): Promise<EmailPreview> {
  const params =
    'topicId' in query ? { topic_id: query.topicId } : { target_recipients: query.targetRecipients };
  const response = await http.get<unknown>('/foyer/email-preview.json', { params, signal });
  return emailPreviewSchema.parse(response.data).email_preview;
}
