// Who is in a thread: people (email-only ones badged "by email", with the promise that they
// see the whole history when they sign up, or "opted out" when they stopped all mail) and
// groups, and a field to add someone by username, group name or e-mail address.
import { useId, useState, type FormEvent } from 'react';
import type { Post, Topic } from '../../api/schemas';
import { addParticipant } from '../../commands/add-participant';

export interface Person {
  id: number;
  username: string;
  name: string;
  /** Takes part by email only (a staged user): badged "by email". */
  staged: boolean;
  /** Used the one-click opt-out: no more mail reaches them. */
  optedOut: boolean;
  /** Their address, which the forum sends to staff only. */
  email: string | null;
}

/**
 * Who is in a thread, as the forum says: a PM's allowed users (GET /t/{id}.json with
 * include_allowed_users, each marked when they take part by email), then anyone else who wrote
 * in it (a member of the PM's group, staff), marked by email when their posts say so.
 */
export function threadPeople(topic: Topic, posts: readonly Post[]): Person[] {
  const people = new Map<number, Person>();
  for (const user of topic.details.allowed_users ?? [])
    people.set(user.id, {
      id: user.id,
      username: user.username,
      name: user.name?.trim() ?? '',
      staged: Boolean(user.staged),
      optedOut: Boolean(user.email_opted_out),
      email: user.email ?? null,
    });
  const poster = (p: { id: number; username: string; name?: string | null; staged?: boolean }) => {
    if (people.has(p.id)) return;
    const person = { id: p.id, username: p.username, name: p.name?.trim() ?? '', staged: Boolean(p.staged) };
    people.set(p.id, { ...person, optedOut: false, email: null });
  };
  for (const post of posts)
    poster({ id: post.user_id, username: post.username, name: post.name, staged: post.staged });
  for (const user of topic.details.participants) poster(user);
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
            {person.email && <span className="person-email">{person.email}</span>}
            {person.staged && (
              <>
                <span className="badge by-email">by email</span>
                {person.optedOut ? (
                  <span className="badge opted-out">opted out</span>
                ) : (
                  <span className="staged-note">sees the full history on sign-up</span>
                )}
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
