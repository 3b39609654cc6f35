// The folder list: Inbox, Sent, Archive, Drafts, Outbox, then each group inbox with its
// archive. Each link is named exactly for its folder; the unread count is its description,
// so "Inbox" stays "Inbox" to a screen reader and to tests.
import { useOutboxCount } from '../../composer';
import { groupMailbox } from '../../api/mailbox-ids';
import { badgeCount, useMailboxes, useMailboxTitle } from '../../stores/mailbox-store';
import { useUi } from '../../stores/ui-store';

function NavItem(props: { id: string; count: number; countLabel: string; nested?: boolean }) {
  const { id, count, countLabel, nested } = props;
  const active = useUi((s) => s.mailboxId === id);
  const label = useMailboxTitle(id);
  const group = groupMailbox(id);
  const visible = group?.archive ? 'Archive' : label;
  const countId = `nav-count-${id.replace(/[^\w-]/g, '_')}`;
  return (
    <li className={nested ? 'nested' : undefined}>
      <a
        href={`#/${encodeURIComponent(id)}`}
        aria-current={active ? 'page' : undefined}
        // Named exactly for the folder; the count is its description, not part of its name.
        aria-label={label}
        aria-describedby={count > 0 ? countId : undefined}
        onClick={(event) => {
          event.preventDefault();
          useUi.getState().showMailbox(id);
        }}
      >
        <span className="nav-label">{visible}</span>
        {count > 0 && (
          <span className="count" id={countId}>
            {count}
            <span className="sr-only"> {countLabel}</span>
          </span>
        )}
      </a>
    </li>
  );
}

export function Nav() {
  const mailboxes = useMailboxes((s) => s.mailboxes);
  const outbox = useOutboxCount();
  const byId = new Map(mailboxes.map((m) => [m.id, m]));
  const groups = mailboxes.filter((m) => groupMailbox(m.id) && !groupMailbox(m.id)?.archive);
  const unread = (id: string) => {
    const box = byId.get(id);
    return box ? badgeCount(box) : 0;
  };

  return (
    <nav className="nav" aria-label="Mailboxes">
      <ul>
        <NavItem id="inbox" count={unread('inbox')} countLabel="unread" />
        <NavItem id="sent" count={0} countLabel="" />
        <NavItem id="archive" count={0} countLabel="" />
        <NavItem id="drafts" count={byId.get('drafts')?.total ?? 0} countLabel="drafts" />
        <NavItem id="outbox" count={outbox} countLabel="waiting to be sent" />
      </ul>
      {groups.length > 0 && (
        <>
          <h2 className="nav-heading">Groups</h2>
          <ul>
            {groups.flatMap((g) => [
              <NavItem key={g.id} id={g.id} count={badgeCount(g)} countLabel="unread" />,
              byId.has(`${g.id}:archive`) ? (
                <NavItem key={`${g.id}:archive`} id={`${g.id}:archive`} count={0} countLabel="" nested />
              ) : null,
            ])}
          </ul>
        </>
      )}
    </nav>
  );
}
