// Which account link the app was opened from, and the app's own address behind it.
import { describe, expect, it } from 'vitest';
import { accountLinkFrom, appRootOf } from './account-link';

const TOKEN = '0123456789abcdef0123456789abcdef';

describe('account links', () => {
  it('reads the three links the account emails contain, in both of Discourse spellings', () => {
    expect(accountLinkFrom({ pathname: `/u/activate-account/${TOKEN}`, search: '' })).toEqual({
      kind: 'activate',
      token: TOKEN,
    });
    expect(accountLinkFrom({ pathname: `/users/password-reset/${TOKEN}`, search: '' })).toEqual({
      kind: 'password-reset',
      token: TOKEN,
    });
    expect(accountLinkFrom({ pathname: `/invites/${TOKEN}`, search: '?t=abc' })).toEqual({
      kind: 'invite',
      key: TOKEN,
      emailToken: 'abc',
    });
    expect(accountLinkFrom({ pathname: `/invites/${TOKEN}/`, search: '' })).toEqual({
      kind: 'invite',
      key: TOKEN,
      emailToken: null,
    });
  });

  it('ignores every other address', () => {
    for (const pathname of ['/', '/inbox', '/u/alice', '/u/activate-account/', '/invites/a/b', '/t/12'])
      expect(accountLinkFrom({ pathname, search: '' }), pathname).toBeNull();
  });

  it('finds the app behind the link, also when the forum lives under a path', () => {
    expect(appRootOf(`/u/activate-account/${TOKEN}`)).toBe('/');
    expect(appRootOf(`/forum/invites/${TOKEN}`)).toBe('/forum/');
    expect(appRootOf('/')).toBe('/');
  });
});
