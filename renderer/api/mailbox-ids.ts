// Mailbox ids as /foyer/mailboxes.json names them, and the Discourse list route behind each.
// "drafts" and "outbox" are local views (the composer helper's), not topic lists.

export const STANDARD_MAILBOXES = ['inbox', 'sent', 'archive', 'drafts'] as const;

const STANDARD_LABELS: Record<string, string> = {
  inbox: 'Inbox',
  sent: 'Sent',
  archive: 'Archive',
  drafts: 'Drafts',
  outbox: 'Outbox',
};

export interface GroupMailbox {
  group: string;
  archive: boolean;
}

export function groupMailbox(id: string): GroupMailbox | null {
  const match = /^group:([^:]+)(:archive)?$/.exec(id);
  return match?.[1] ? { group: match[1], archive: Boolean(match[2]) } : null;
}

export function isArchiveMailbox(id: string): boolean {
  return id === 'archive' || Boolean(groupMailbox(id)?.archive);
}

/** The inbox a thread goes back to from an archive (and the archive it goes to from an inbox). */
export function counterpartMailbox(id: string): string {
  const group = groupMailbox(id);
  if (group) return group.archive ? `group:${group.group}` : `group:${group.group}:archive`;
  return id === 'archive' ? 'inbox' : 'archive';
}

/** Accessible name of a mailbox: the standard folders are named exactly; group folders by group. */
export function mailboxLabel(id: string): string {
  const standard = STANDARD_LABELS[id];
  if (standard) return standard;
  const group = groupMailbox(id);
  if (group) return group.archive ? `${group.group} archive` : group.group;
  return id;
}

/** The Discourse PM list path (without ".json") of a mailbox, or null for local views. */
export function listPath(id: string, username: string): string | null {
  const user = encodeURIComponent(username);
  switch (id) {
    case 'inbox':
      return `/topics/private-messages/${user}`;
    case 'sent':
      return `/topics/private-messages-sent/${user}`;
    case 'archive':
      return `/topics/private-messages-archive/${user}`;
  }
  const group = groupMailbox(id);
  if (!group) return null;
  const base = `/topics/private-messages-group/${user}/${encodeURIComponent(group.group)}`;
  return group.archive ? `${base}/archive` : base;
}
