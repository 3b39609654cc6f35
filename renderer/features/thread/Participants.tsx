// Who is in a thread: people (email-only ones badged "by email", with the promise that they
// see the whole history when they sign up) and groups, and a field to add someone by
// username, group name or e-mail address.
import { useId, useState, type FormEvent } from 'react';
import type { ListUser, Post, Topic, TopicRow } from '../../api/schemas';
import { addParticipant } from '../../commands/add-participant';

export interface Person {
  id: number;
  username: string;
  name: string;
  staged: boolean;
}

/**
 * Everyone the thread names, from every source that has them: the topic's allowed users
 * (when the server sends them), its posters, the list row's participants, the post authors.
 * A staged flag from any source counts.
 */
export function threadPeople(
  topic: Topic,
  row: TopicRow | undefined,
  listUsers: Record<number, ListUser>,
  posts: readonly Post[],
): Person[] {
  const people = new Map<number, Person>();
  const add = (p: { id: number; username: string; name?: string | null; staged?: boolean }) => {
    const known = people.get(p.id);
    people.set(p.id, {
      id: p.id,
      username: p.username,
      name: known?.name || p.name?.trim() || '',
      staged: Boolean(known?.staged || p.staged),
    });
  };
  for (const user of topic.details.allowed_users ?? []) add(user);
  for (const user of topic.details.participants) add(user);
  for (const ref of [...(row?.participants ?? []), ...(row?.posters ?? [])]) {
    const user = listUsers[ref.user_id];
    if (user) add(user);
  }
  for (const post of posts)
    add({ id: post.user_id, username: post.username, name: post.name, staged: post.staged });
  return [...people.values()];
}

function AddParticipant({ topicId }: { topicId: number }) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const ok = await addParticipant(topicId, value);
    setBusy(false);
    if (ok) {
      setValue('');
      setOpen(false);
    }
  }

  if (!open)
    return (
      <button type="button" className="quiet" onClick={() => setOpen(true)}>
        Add people
      </button>
    );
  return (
    <form className="add-participant" onSubmit={(e) => void submit(e)}>
      <label htmlFor={inputId}>Username, group or email</label>
      <input
        id={inputId}
        value={value}
        autoFocus
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      />
      <button type="submit" disabled={busy || !value.trim()}>
        Add
      </button>
      <button type="button" className="quiet" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

export function Participants(props: { topic: Topic; people: Person[]; canInvite: boolean }) {
  const { topic, people, canInvite } = props;
  const groups = topic.details.allowed_groups ?? [];
  return (
    <section className="participants" aria-label="Participants">
      <ul>
        {people.map((person) => (
          <li key={person.id} className={person.staged ? 'person staged' : 'person'}>
            <span className="person-name">{person.name || person.username}</span>
            {person.staged && (
              <>
                <span className="badge by-email">by email</span>
                <span className="staged-note">sees the full history on sign-up</span>
              </>
            )}
          </li>
        ))}
        {groups.map((group) => (
          <li key={`g${group.id}`} className="person group">
            <span className="person-name">{group.name}</span>
            <span className="badge">group</span>
          </li>
        ))}
      </ul>
      {canInvite && <AddParticipant topicId={topic.id} />}
    </section>
  );
}
