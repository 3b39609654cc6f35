// Which account link the page was opened from. The forum serves the client for the links its
// emails contain (the server's services/account-emails.ts), so a person who clicks one lands in
// this app with the token in the address bar.
export type AccountLink =
  | { kind: 'activate'; token: string }
  | { kind: 'password-reset'; token: string }
  | { kind: 'invite'; key: string; emailToken: string | null };

const LINK = /\/(?:(?:u|users)\/(activate-account|password-reset)|(invites))\/([A-Za-z0-9_-]+)\/?$/;

export interface LinkLocation {
  pathname: string;
  search: string;
}

export function accountLinkFrom(location: LinkLocation): AccountLink | null {
  const match = LINK.exec(location.pathname);
  const value = match?.[3];
  if (!match || !value) return null;
  if (match[1] === 'activate-account') return { kind: 'activate', token: value };
  if (match[1] === 'password-reset') return { kind: 'password-reset', token: value };
  return { kind: 'invite', key: value, emailToken: new URLSearchParams(location.search).get('t') };
}

/** The app's own address: the link's path without its account part (a forum may live under a prefix). */
export function appRootOf(pathname: string): string {
  const match = LINK.exec(pathname);
  return match ? pathname.slice(0, match.index) + '/' : pathname;
}

/**
 * Leaves the link's page for the app, replacing the history entry so Back does not return to
 * a spent link and the token leaves the address bar. `hash` is the app's deep link
 * (features/shell/use-hash-route.ts), e.g. "#/inbox/t/42".
 */
export function leaveAccountLink(hash = ''): void {
  history.replaceState(null, '', appRootOf(window.location.pathname) + hash);
}
