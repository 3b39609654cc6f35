// One row of a message list: who (email-only people marked "by email"), the subject, the
// excerpt, when, and whether it is unread. A listbox option; selection is aria-selected.
import { memo } from 'react';
import type { ListUser, TopicRow } from '../../api/schemas';
import { isUnread, useLists } from '../../stores/list-store';
import { shortTime } from './format-time';

/** The people a row names: participants other than the folder's owner, else the posters. */
export function rowPeople(row: TopicRow, users: Record<number, ListUser>): ListUser[] {
  const refs = row.participants.length > 0 ? row.participants : row.posters;
  const seen = new Set<number>();
  const people: ListUser[] = [];
  for (const ref of refs) {
    const user = users[ref.user_id];
    if (user && !seen.has(user.id)) {
      seen.add(user.id);
      people.push(user);
    }
  }
  return people;
}

export function displayName(user: Pick<ListUser, 'name' | 'username'>): string {
  return user.name?.trim() || user.username;
}

interface MessageRowProps {
  topicId: number;
  index: number;
  setSize: number;
  selected: boolean;
  focusable: boolean;
  top: number;
  height: number;
  onOpen(topicId: number): void;
}

export const MessageRow = memo(function MessageRow(props: MessageRowProps) {
  const { topicId, index, setSize, selected, focusable, top, height, onOpen } = props;
  const row = useLists((s) => s.rows[topicId]);
  const users = useLists((s) => s.users);
  if (!row) return null;
  const unread = isUnread(row);
  const people = rowPeople(row, users);
  return (
    <div
      role="option"
      id={`topic-row-${topicId}`}
      data-topic-id={topicId}
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      tabIndex={focusable ? 0 : -1}
      className={`message-row${unread ? ' unread' : ''}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onOpen(topicId)}
    >
      <div className="row-line">
        <span className="row-people">
          {unread && <span className="unread-dot" aria-hidden="true" />}
          {unread && <span className="sr-only">Unread. </span>}
          {people.length === 0 ? (
            <span className="person">{row.last_poster_username ?? 'Only you'}</span>
          ) : (
            people.map((user, i) => (
              <span key={user.id} className="person">
                {displayName(user)}
                {user.staged && <span className="badge by-email">by email</span>}
                {i < people.length - 1 ? ', ' : ''}
              </span>
            ))
          )}
          {row.posts_count > 1 && <span className="post-count"> ({row.posts_count})</span>}
        </span>
        <time className="row-time" dateTime={row.last_posted_at ?? row.created_at}>
          {shortTime(row.last_posted_at ?? row.bumped_at ?? row.created_at)}
        </time>
      </div>
      <div className="row-subject">{row.title}</div>
      {row.excerpt && <div className="row-excerpt">{row.excerpt}</div>}
    </div>
  );
});
