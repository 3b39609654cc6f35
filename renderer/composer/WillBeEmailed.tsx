// "Will be emailed: …" under the composer, before Send (client.md feature 2): the addresses typed
// in To at once, then what the forum says a send would do (GET /foyer/email-preview.json): staged
// participants of the thread (they get every post), people whose settings email them, members
// of a group. Offline or on an older forum, the typed addresses alone are shown.
import { useEffect, useState } from 'react';
import type { EmailPreview, EmailPreviewQuery } from '../api/email-preview';

/** New messages wait for typing to pause; a reply asks once. */
const TYPING_PAUSE_MS = 400;

export function useEmailPreview(
  preview: (query: EmailPreviewQuery, signal: AbortSignal) => Promise<EmailPreview>,
  query: EmailPreviewQuery | null,
): EmailPreview | null {
  const [result, setResult] = useState<{ key: string; preview: EmailPreview } | null>(null);
  const key = query ? JSON.stringify(query) : null;
  useEffect(() => {
    if (!key) return;
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        preview(JSON.parse(key) as EmailPreviewQuery, controller.signal).then(
          (answer) => setResult({ key, preview: answer }),
          // Offline, refused (the To field shows why at Send) or an older forum: typed addresses only.
          () => setResult(null),
        );
      },
      key.includes('"topicId"') ? 0 : TYPING_PAUSE_MS,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [preview, key]);
  // An answer for other recipients than those now in To is not shown.
  return result && result.key === key ? result.preview : null;
}

type PreviewUser = EmailPreview['users'][number];

function userLabel(user: PreviewUser): string {
  const notes: string[] = [];
  if (user.staged) notes.push('by email');
  if (user.reason === 'when_away') notes.push('when away');
  if (user.via_group) notes.push(user.via_group);
  if (user.reason === 'group_mailbox') notes.push("from the group's mailbox");
  const name = user.name?.trim() || user.username;
  return notes.length ? `${name} (${notes.join(', ')})` : name;
}

/** The phrases after "Will be emailed:", and the people not emailed because they opted out. */
export function emailedLabels(
  preview: EmailPreview | null,
  typedAddresses: readonly string[],
): { emailed: string[]; optedOut: string[] } {
  const emailed = [
    ...(preview?.users.map(userLabel) ?? []),
    ...(preview?.hidden_groups.map((g) => `members of ${g.name}, by their own settings`) ?? []),
    ...typedAddresses,
  ];
  const optedOut = preview?.opted_out.map((u) => u.name?.trim() || u.username) ?? [];
  return { emailed, optedOut };
}

export function WillBeEmailed(props: { preview: EmailPreview | null; typedAddresses: readonly string[] }) {
  const { emailed, optedOut } = emailedLabels(props.preview, props.typedAddresses);
  return (
    <>
      {emailed.length > 0 && <p className="composer-emailed">Will be emailed: {emailed.join(', ')}</p>}
      {optedOut.length > 0 && (
        <p className="composer-not-emailed">Not emailed, opted out of all mail: {optedOut.join(', ')}</p>
      )}
    </>
  );
}
