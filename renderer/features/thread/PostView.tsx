// One post of a thread: author (marked when they take part by e-mail), time, body. Small
// actions ("added bob") render as a quiet line. data-* attributes tell quoting whose words
// a selection is.
import { memo } from 'react';
import type { Post } from '../../api/schemas';
import { longTime, shortTime } from '../mailbox/format-time';
import { PostBody } from './PostBody';

const SMALL_ACTION = 3;

const ACTIONS: Record<string, (who: string) => string> = {
  invited_user: (who) => `added ${who}`,
  invited_group: (who) => `added the group ${who}`,
  invited_email: () => 'invited someone by e-mail',
  removed_user: (who) => `removed ${who}`,
  removed_group: (who) => `removed the group ${who}`,
  archived_enabled: () => 'archived this',
  archived_disabled: () => 'moved this back to the inbox',
};

function actionText(post: Post): string {
  const [code = '', whoFromCode = ''] = (post.action_code ?? '').split(':');
  const who = post.action_code_who ?? whoFromCode;
  return ACTIONS[code]?.(who) ?? code.replace(/_/g, ' ');
}

export const PostView = memo(function PostView(props: {
  post: Post;
  topicId: number;
  /** The thread knows the author takes part by email (getTopic's posts do not say). */
  stagedAuthor?: boolean;
}) {
  const { post, topicId } = props;
  const staged = Boolean(post.staged || props.stagedAuthor);
  const headingId = `post-${post.id}-author`;
  if (post.post_type === SMALL_ACTION) {
    return (
      <p className="small-action">
        <strong>{post.username}</strong> {actionText(post)}{' '}
        <time dateTime={post.created_at}>{shortTime(post.created_at)}</time>
      </p>
    );
  }
  return (
    <article
      className="post"
      aria-labelledby={headingId}
      data-post-number={post.post_number}
      data-topic-id={topicId}
      data-username={post.username}
    >
      <header className="post-header">
        <h3 id={headingId} className="post-author">
          {post.name?.trim() || post.username}
          {post.name?.trim() && post.name.trim() !== post.username && (
            <span className="username"> @{post.username}</span>
          )}
        </h3>
        {staged && <span className="badge by-email">by email</span>}
        {post.via_email && !staged && <span className="badge via-email">via email</span>}
        <time className="post-time" dateTime={post.created_at} title={longTime(post.created_at)}>
          {shortTime(post.created_at)}
        </time>
      </header>
      {post.deleted_at ? (
        <p className="muted">This message was deleted.</p>
      ) : (
        <PostBody cooked={post.cooked} />
      )}
    </article>
  );
});
