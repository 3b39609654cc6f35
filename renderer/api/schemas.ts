// zod shapes of the Discourse (and Foyer) responses the client reads. Only the fields the
// client uses are named; unknown fields are ignored, and optional ones are those a server
// may leave out (Foyer adds `staged` and `via_email`; Discourse omits read positions).
import { z } from 'zod';

export const currentUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string().nullish(),
  admin: z.boolean().optional().default(false),
  groups: z
    .array(z.object({ id: z.number(), name: z.string(), has_messages: z.boolean().optional() }))
    .optional()
    .default([]),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const setupStateSchema = z.object({ needs_setup: z.boolean() });

export const mailboxSchema = z.object({
  id: z.string(),
  title: z.string(),
  unread: z.number().int().nonnegative().default(0),
  new: z.number().int().nonnegative().default(0),
  total: z.number().int().nonnegative().default(0),
});
export type Mailbox = z.infer<typeof mailboxSchema>;
export const mailboxesSchema = z.object({ mailboxes: z.array(mailboxSchema) });

export const listUserSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string().nullish(),
  avatar_template: z.string().nullish(),
  staged: z.boolean().optional(),
});
export type ListUser = z.infer<typeof listUserSchema>;

const personRefSchema = z.object({ user_id: z.number(), extras: z.string().nullish() });

export const topicRowSchema = z.object({
  id: z.number(),
  title: z.string(),
  fancy_title: z.string().nullish(),
  excerpt: z.string().nullish(),
  posts_count: z.number(),
  highest_post_number: z.number(),
  created_at: z.string(),
  last_posted_at: z.string().nullish(),
  bumped_at: z.string().nullish(),
  unseen: z.boolean().optional().default(false),
  last_read_post_number: z.number().nullish(),
  unread_posts: z.number().nullish(),
  last_poster_username: z.string().nullish(),
  posters: z.array(personRefSchema).optional().default([]),
  participants: z.array(personRefSchema).optional().default([]),
});
export type TopicRow = z.infer<typeof topicRowSchema>;

export const topicListSchema = z.object({
  users: z.array(listUserSchema).optional().default([]),
  topic_list: z.object({
    more_topics_url: z.string().nullish(),
    topics: z.array(topicRowSchema),
  }),
});
export type TopicList = z.infer<typeof topicListSchema>;

export const postSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string().nullish(),
  avatar_template: z.string().nullish(),
  created_at: z.string(),
  cooked: z.string(),
  post_number: z.number(),
  post_type: z.number().optional().default(1),
  user_id: z.number(),
  deleted_at: z.string().nullish(),
  via_email: z.boolean().optional(),
  staged: z.boolean().optional(),
  action_code: z.string().nullish(),
  action_code_who: z.string().nullish(),
});
export type Post = z.infer<typeof postSchema>;

const participantSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string().nullish(),
  staged: z.boolean().optional(),
});
export type Participant = z.infer<typeof participantSchema>;

/** details.allowed_users: who the PM is addressed to, with Foyer's email-only markers. */
const allowedUserSchema = participantSchema.extend({
  /** The address stopped all mail from this forum (one-click opt-out). */
  email_opted_out: z.boolean().optional(),
  /** A staged participant's address; the forum sends it to staff only. */
  email: z.string().optional(),
});
export type AllowedUser = z.infer<typeof allowedUserSchema>;

export const topicSchema = z.object({
  id: z.number(),
  title: z.string(),
  fancy_title: z.string().nullish(),
  posts_count: z.number(),
  highest_post_number: z.number(),
  // Foyer's and Discourse's per-user PM archive flag, when the server sends it.
  message_archived: z.boolean().optional(),
  post_stream: z.object({
    posts: z.array(postSchema),
    stream: z.array(z.number()).optional(),
  }),
  details: z.object({
    participants: z.array(participantSchema).optional().default([]),
    allowed_users: z.array(allowedUserSchema).optional(),
    allowed_groups: z.array(z.object({ id: z.number(), name: z.string() })).optional(),
    can_invite_to: z.boolean().optional().default(false),
    can_invite_via_email: z.boolean().optional().default(false),
    can_create_post: z.boolean().optional().default(true),
  }),
});
export type Topic = z.infer<typeof topicSchema>;

export const topicPostsSchema = z.object({ post_stream: z.object({ posts: z.array(postSchema) }) });

export const searchResultSchema = z.object({
  posts: z
    .array(
      z.object({
        id: z.number(),
        username: z.string(),
        name: z.string().nullish(),
        created_at: z.string(),
        blurb: z.string().nullish(),
        post_number: z.number(),
        topic_id: z.number(),
        // Foyer: the author takes part by e-mail only.
        staged: z.boolean().optional(),
      }),
    )
    .optional()
    .default([]),
  topics: z
    .array(z.object({ id: z.number(), title: z.string(), fancy_title: z.string().nullish() }))
    .optional()
    .default([]),
  users: z.array(listUserSchema).optional().default([]),
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const liveEventSchema = z.object({
  type: z.string(),
  topic_id: z.number().nullish(),
  post_id: z.number().nullish(),
  post_number: z.number().nullish(),
  /** On `draft` events: which draft changed (the composer's drafts follow it). */
  draft_key: z.string().nullish(),
});
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** Discourse's error body. A failed login is an HTTP 200 with `error` instead. */
export const errorBodySchema = z.object({
  errors: z.array(z.string()).optional(),
  error: z.string().optional(),
  error_type: z.string().optional(),
});
