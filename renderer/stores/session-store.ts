// Who is signed in, and whether this forum still needs its first-run setup. Everything else
// waits for this: the mail client renders only when `status` is 'signed-in'.
import { create } from 'zustand';
import { connect, http } from '../api/client';
import { toApiError } from '../api/api-error';
import { fetchSiteInfo } from '../api/http';
import {
  completeSetup,
  fetchCurrentUser,
  fetchSetupState,
  logIn,
  logOut,
  type SetupForm,
} from '../api/forum-api';
import type { CurrentUser } from '../api/schemas';
import { forgetCache } from './persist-cache';

export type SessionStatus = 'loading' | 'unreachable' | 'needs-setup' | 'signed-out' | 'signed-in';

interface SessionState {
  status: SessionStatus;
  siteTitle: string;
  user: CurrentUser | null;
  /** Why the last boot, setup or sign-in failed, in words a person can act on. */
  error: string | null;
  busy: boolean;
  boot(): Promise<void>;
  setup(form: SetupForm): Promise<void>;
  signIn(login: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

export const useSession = create<SessionState>()((set, get) => ({
  status: 'loading',
  siteTitle: 'Foyer',
  user: null,
  error: null,
  busy: false,

  async boot() {
    set({ status: 'loading', error: null });
    try {
      const client = await connect();
      const [site, user, needsSetup] = await Promise.all([
        fetchSiteInfo(client).catch(() => ({ title: 'Foyer' })),
        fetchCurrentUser(client),
        fetchSetupState(client),
      ]);
      if (user) set({ status: 'signed-in', user, siteTitle: site.title });
      else set({ status: needsSetup ? 'needs-setup' : 'signed-out', user: null, siteTitle: site.title });
    } catch (error) {
      set({ status: 'unreachable', error: toApiError(error, 'Connecting').message });
    }
  },

  async setup(form) {
    set({ busy: true, error: null });
    try {
      const user = await completeSetup(http(), form);
      // The setup answer names the user; ask again so groups and flags match every later load.
      set({ status: 'signed-in', user: (await fetchCurrentUser(http())) ?? user, busy: false });
    } catch (error) {
      set({ error: toApiError(error, 'First-run setup').message, busy: false });
    }
  },

  async signIn(login, password) {
    set({ busy: true, error: null });
    try {
      await logIn(http(), login, password);
      const user = await fetchCurrentUser(http());
      if (!user)
        throw new Error('Signed in, but the forum did not keep the session. Allow cookies and try again.');
      set({ status: 'signed-in', user, busy: false });
    } catch (error) {
      set({ error: toApiError(error, 'Signing in').message, busy: false });
    }
  },

  async signOut() {
    const user = get().user;
    if (user) {
      forgetCache(user.username);
      await logOut(http(), user.username).catch(() => undefined);
    }
    set({ status: 'signed-out', user: null, error: null });
  },
}));

/** The signed-in username; commands run only inside the signed-in app. */
export function currentUsername(): string {
  const user = useSession.getState().user;
  if (!user) throw new Error('Nobody is signed in.');
  return user.username;
}
