// The small user shapes Discourse embeds everywhere. Staged users are shown by display name
// only: their address is never exposed to non-staff (behaviour.md "differs" 8).
import type { User } from '../../db/schema';

export function avatarTemplate(user: Pick<User, 'username'>): string {
  return `/letter_avatar_proxy/v4/letter/${encodeURIComponent(user.username.charAt(0).toLowerCase() || 'x')}/8e7dd6/{size}.png`;
}

export function basicUser(user: User): {
  id: number;
  username: string;
  name: string;
  avatar_template: string;
} {
  return {
    id: user.id,
    username: user.username,
    name: user.name ?? '',
    avatar_template: avatarTemplate(user),
  };
}
