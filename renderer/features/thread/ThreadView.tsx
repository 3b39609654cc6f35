// The reading pane: the open thread's title, participants and actions (Reply, Archive or
// Move to inbox), then its posts. Rendered from the thread cache at once and refreshed on
// open; the heading takes focus so a screen reader starts at the top of the thread.
import { useEffect, useMemo, useRef, useState } from 'react';
import { isArchiveMailbox } from '../../api/mailbox-ids';
import { archiveThread, moveToInbox } from '../../commands/archive-thread';
import { markThreadRead } from '../../commands/mark-read';
import { useLists } from '../../stores/list-store';
import { useThreads, type ThreadEntry } from '../../stores/thread-store';
import { useUi } from '../../stores/ui-store';
import { Participants, threadPeople } from './Participants';
import { PostView } from './PostView';
import { QuoteButton } from './QuoteButton';
import { planThread, REVEAL_CHUNK } from './thread-plan';

function EmptyPane() {
  return (
    <div className="reading-empty">
      <p>Select a conversation to read it.</p>
      <p className="muted">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>o</kbd> open · <kbd>c</kbd> compose · <kbd>?</kbd> all shortcuts
      </p>
    </div>
  );
}

export function ThreadView() {
  const openId = useUi((s) => s.openId);
  if (openId === null) return <EmptyPane />;
  return <OpenThread key={openId} topicId={openId} />;
}

function OpenThread({ topicId }: { topicId: number }) {
  const entry = useThreads((s) => s.threads[topicId]) as ThreadEntry | undefined;
  const mailboxId = useUi((s) => s.mailboxId);
  const row = useLists((s) => s.rows[topicId]);
  // How many of a long thread's collapsed posts are shown; grows by a chunk per frame after "Show".
  const [revealed, setRevealed] = useState(0);
  const [expanding, setExpanding] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const threadRef = useRef<HTMLDivElement>(null);
  // The highest post number already reported read while this thread is open.
  const markedUpTo = useRef(0);

  useEffect(() => {
    void useThreads.getState().loadThread(topicId);
  }, [topicId]);

  const topic = entry?.topic ?? null;
  const stream = entry?.stream ?? [];
  const plan = useMemo(() => planThread(stream, revealed), [stream, revealed]);

  useEffect(() => {
    if (!expanding) return;
    if (plan.collapsed === 0) {
      setExpanding(false);
      return;
    }
    const frame = requestAnimationFrame(() => setRevealed((n) => n + REVEAL_CHUNK));
    return () => cancelAnimationFrame(frame);
  }, [expanding, plan.collapsed]);
  const shownIds = useMemo(() => [...plan.head, ...plan.tail], [plan]);

  useEffect(() => {
    if (topic) void useThreads.getState().ensurePosts(topicId, shownIds);
  }, [topic, topicId, shownIds]);

  // Opening a thread moves focus to its heading, so reading starts at the top.
  const title = topic?.title ?? row?.title ?? null;
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
    threadRef.current?.closest('.reading-pane')?.scrollTo?.({ top: 0 });
  }, []);

  const posts = entry?.posts ?? {};
  const shownPosts = shownIds.map((id) => posts[id]).filter((p) => p !== undefined);

  useEffect(() => {
    if (!topic || shownPosts.length === 0) return;
    const numbers = shownPosts.map((p) => p.post_number);
    const highest = Math.max(...numbers);
    if (highest <= markedUpTo.current) return;
    markedUpTo.current = highest;
    void markThreadRead(topicId, numbers, mailboxId);
  }, [topic, topicId, shownPosts, mailboxId]);

  const archived = topic ? (topic.message_archived ?? isArchiveMailbox(mailboxId)) : false;
  const people = topic ? threadPeople(topic, shownPosts) : [];
  // getTopic's post shape (closed in Discourse's spec) has no `staged`, so a post from someone
  // taking part by email is badged by what the thread knows about its author.
  const stagedAuthors = new Set(people.filter((p) => p.staged).map((p) => p.id));
  const canInvite = Boolean(topic && (topic.details.can_invite_to || topic.details.can_invite_via_email));

  // One tree for loading and loaded states, so the focused heading element survives the load.
  return (
    <div className="thread" ref={threadRef}>
      <header className="thread-header">
        <h2 className="thread-title" tabIndex={-1} ref={headingRef}>
          {title ?? 'Conversation'}
        </h2>
        {topic && (
          <>
            <div className="thread-actions" role="toolbar" aria-label="Conversation actions">
              <button
                type="button"
                className="primary"
                aria-keyshortcuts="r"
                disabled={!topic.details.can_create_post}
                onClick={() => useUi.getState().openComposer({ kind: 'reply', topicId, title: topic.title })}
              >
                Reply
              </button>
              {archived ? (
                <button
                  type="button"
                  aria-keyshortcuts="e"
                  onClick={() => void moveToInbox(topicId, mailboxId)}
                >
                  Move to inbox
                </button>
              ) : (
                <button
                  type="button"
                  aria-keyshortcuts="e"
                  onClick={() => void archiveThread(topicId, mailboxId)}
                >
                  Archive
                </button>
              )}
              <button
                type="button"
                className="quiet"
                aria-keyshortcuts="u"
                onClick={() => useUi.getState().close()}
              >
                Close
              </button>
            </div>
            <Participants topic={topic} people={people} canInvite={canInvite} />
          </>
        )}
      </header>
      {topic ? (
        <div className="posts">
          {plan.head.map((id) => (
            <PostSlot key={id} id={id} topicId={topicId} posts={posts} stagedAuthors={stagedAuthors} />
          ))}
          {plan.collapsed > 0 && (
            <button
              type="button"
              className="collapsed-posts"
              disabled={expanding}
              onClick={() => {
                setRevealed(REVEAL_CHUNK);
                setExpanding(true);
              }}
            >
              Show {plan.collapsed} earlier {plan.collapsed === 1 ? 'message' : 'messages'}
            </button>
          )}
          {plan.tail.map((id) => (
            <PostSlot key={id} id={id} topicId={topicId} posts={posts} stagedAuthors={stagedAuthors} />
          ))}
        </div>
      ) : entry?.status === 'error' ? (
        <div role="alert">
          <p>{entry.error}</p>
          <button type="button" onClick={() => void useThreads.getState().loadThread(topicId)}>
            Retry
          </button>
        </div>
      ) : (
        <p role="status" className="muted">
          Loading conversation…
        </p>
      )}
      {topic && <QuoteButton containerRef={threadRef} topicTitle={topic.title} />}
    </div>
  );
}

function PostSlot(props: {
  id: number;
  topicId: number;
  posts: ThreadEntry['posts'];
  stagedAuthors: ReadonlySet<number>;
}) {
  const post = props.posts[props.id];
  if (!post) return <div className="post placeholder" aria-hidden="true" />;
  return (
    <PostView post={post} topicId={props.topicId} stagedAuthor={props.stagedAuthors.has(post.user_id)} />
  );
}
