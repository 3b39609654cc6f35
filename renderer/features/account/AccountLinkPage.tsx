// The page for an account link the app was opened from (account-link.ts); `onDone` leaves it
// for the app itself, at a deep link such as "#/inbox/t/42".
import type { AccountLink } from './account-link';
import { ActivateAccountPage } from './ActivateAccountPage';
import { InvitePage } from './InvitePage';
import { PasswordResetPage } from './PasswordResetPage';
import '../../styles/account.css';

export function AccountLinkPage(props: { link: AccountLink; onDone(hash: string): void }) {
  const { link, onDone } = props;
  switch (link.kind) {
    case 'activate':
      return <ActivateAccountPage token={link.token} onDone={onDone} />;
    case 'password-reset':
      return <PasswordResetPage token={link.token} onDone={onDone} />;
    case 'invite':
      return <InvitePage inviteKey={link.key} emailToken={link.emailToken} onDone={onDone} />;
  }
}
