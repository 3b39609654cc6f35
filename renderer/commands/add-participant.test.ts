// One field for a username, a group or an address.
import { describe, expect, it } from 'vitest';
import { parseInvitee } from './add-participant';

describe('parseInvitee', () => {
  it('reads addresses as e-mail invitations and names as people (groups are tried next)', () => {
    expect(parseInvitee(' carol@outside.example ')).toEqual({ email: 'carol@outside.example' });
    expect(parseInvitee('@bob')).toEqual({ user: 'bob' });
    expect(parseInvitee('support')).toEqual({ user: 'support' });
    expect(parseInvitee('   ')).toBeNull();
  });
});
