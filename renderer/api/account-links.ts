// The account links people get by email, through Discourse's API: activating an account
// (PUT /u/activate-account/{token}), resetting a password (GET and PUT
// /u/password-reset/{token}.json, POST /session/forgot_password.json) and accepting an invite
// (GET /invites/{key}.json, PUT /invites/show/{key}.json), plus the username check the invite
// form uses. Every response is parsed with zod.
import axios, { type AxiosInstance } from 'axios';
import { z } from 'zod';
import { ApiError, apiFailure } from './api-error';
import { errorBodySchema } from './schemas';

/**
 * The link itself cannot be used: unknown, used, expired or mistyped. The forum gives one
 * answer for all of these (no oracle), and the pages show one message for it.
 */
export class UnusableLinkError extends ApiError {
  constructor(message: string, status: number) {
    super(message, status);
    this.name = 'UnusableLinkError';
  }
}

/** The forum's refusal of a token (email_token_invalid) or of an invite key (invite_not_found). */
function unusableLink(error: unknown): UnusableLinkError | null {
  if (!axios.isAxiosError(error) || !error.response) return null;
  const { status, data } = error.response;
  const body = errorBodySchema.safeParse(data);
  const type = body.success ? body.data.error_type : undefined;
  const tokenRefused = status === 422 && type === 'invalid_access';
  const inviteGone = status === 404 && type === 'not_found';
  if (!tokenRefused && !inviteGone) return null;
  return new UnusableLinkError(body.success ? (body.data.errors?.join(' ') ?? '') : '', status);
}

function linkFailure(error: unknown, what: string): unknown {
  return unusableLink(error) ?? apiFailure(error, what);
}

const token = (value: string) => encodeURIComponent(value);

/** Activates the account; the forum signs the person in with the same answer. */
export async function activateAccount(http: AxiosInstance, activationToken: string): Promise<void> {
  try {
    const response = await http.put<unknown>(`/u/activate-account/${token(activationToken)}.json`);
    z.object({ success: z.literal(true) }).parse(response.data);
  } catch (error) {
    throw linkFailure(error, 'Activating your account');
  }
}

const resetShowSchema = z.union([
  z.object({ message: z.string() }),
  z.object({ admin: z.boolean().optional().default(false) }).loose(),
]);

/** Whether a reset link can still be used, asked without using it (Discourse's password_reset_show). */
export async function checkPasswordResetLink(
  http: AxiosInstance,
  resetToken: string,
  signal?: AbortSignal,
): Promise<{ usable: true } | { usable: false }> {
  try {
    const response = await http.get<unknown>(`/u/password-reset/${token(resetToken)}.json`, { signal });
    const body = resetShowSchema.parse(response.data);
    return 'message' in body ? { usable: false } : { usable: true };
  } catch (error) {
    // An older forum without the check: the page finds out when the password is sent.
    if (axios.isAxiosError(error) && error.response?.status === 404) return { usable: true };
    throw apiFailure(error, 'Checking the link');
  }
}

/** Sets the new password; the forum signs the person in with the same answer. */
export async function resetPassword(
  http: AxiosInstance,
  resetToken: string,
  password: string,
): Promise<void> {
  try {
    const response = await http.put<unknown>(`/u/password-reset/${token(resetToken)}.json`, { password });
    z.object({ success: z.literal(true) }).parse(response.data);
  } catch (error) {
    throw linkFailure(error, 'Changing your password');
  }
}

/** Asks for a reset email. The answer is the same whether or not the login names an account. */
export async function requestPasswordReset(http: AxiosInstance, login: string): Promise<void> {
  try {
    await http.post('/session/forgot_password.json', { login });
  } catch (error) {
    throw apiFailure(error, 'Asking for a reset email');
  }
}

export const inviteInfoSchema = z.object({
  invited_by: z.object({ username: z.string(), name: z.string().nullish() }).loose(),
  email: z.string().default(''),
  hidden_email: z.boolean().default(false),
  username: z.string().default(''),
  is_invite_link: z.boolean().default(false),
  email_verified_by_link: z.boolean().default(false),
  // Foyer's addition, present only with the emailed link's token.
  topics: z
    .array(z.object({ id: z.number(), title: z.string() }))
    .optional()
    .default([]),
  groups: z
    .array(z.object({ name: z.string(), full_name: z.string().nullish() }))
    .optional()
    .default([]),
});
export type InviteInfo = z.infer<typeof inviteInfoSchema>;

export async function fetchInvite(
  http: AxiosInstance,
  key: string,
  emailToken: string | null,
  signal?: AbortSignal,
): Promise<InviteInfo> {
  try {
    const response = await http.get<unknown>(`/invites/${token(key)}.json`, {
      params: emailToken ? { t: emailToken } : {},
      signal,
    });
    return inviteInfoSchema.parse(response.data);
  } catch (error) {
    throw linkFailure(error, 'Opening the invitation');
  }
}

export interface InviteAnswer {
  username: string;
  name: string;
  password: string;
  /** Only for an invite link (no address on the invite). */
  email?: string;
  emailToken: string | null;
}

export type Redeemed =
  /** Signed in; where the forum suggests going (a topic URL or "/"). */
  | { signedIn: true; redirectTo: string }
  /** The address still needs proving: the forum sent an activation email. */
  | { signedIn: false; message: string };

const redeemSchema = z.object({
  success: z.literal(true),
  redirect_to: z.string().optional(),
  message: z.string().optional(),
});

export async function redeemInvite(
  http: AxiosInstance,
  key: string,
  answer: InviteAnswer,
): Promise<Redeemed> {
  try {
    const response = await http.put<unknown>(`/invites/show/${token(key)}.json`, {
      username: answer.username,
      name: answer.name,
      password: answer.password,
      ...(answer.email ? { email: answer.email } : {}),
      ...(answer.emailToken ? { email_token: answer.emailToken } : {}),
    });
    const body = redeemSchema.parse(response.data);
    if (body.redirect_to !== undefined) return { signedIn: true, redirectTo: body.redirect_to };
    return { signedIn: false, message: body.message ?? 'Check your email to activate your account.' };
  } catch (error) {
    throw linkFailure(error, 'Accepting the invitation');
  }
}

export type UsernameCheck =
  { kind: 'available' } | { kind: 'taken'; suggestion: string } | { kind: 'invalid'; message: string };

const usernameCheckSchema = z.object({
  available: z.boolean().optional(),
  suggestion: z.string().optional(),
  errors: z.array(z.string()).optional(),
});

/** Discourse's check_username: with the invite's address, its staged name counts as free. */
export async function checkUsername(
  http: AxiosInstance,
  username: string,
  email: string | null,
  signal?: AbortSignal,
): Promise<UsernameCheck> {
  try {
    const response = await http.get<unknown>('/u/check_username.json', {
      params: { username, ...(email ? { email } : {}) },
      signal,
    });
    const body = usernameCheckSchema.parse(response.data);
    if (body.errors?.length) return { kind: 'invalid', message: body.errors.join(' ') };
    if (body.available) return { kind: 'available' };
    return { kind: 'taken', suggestion: body.suggestion ?? '' };
  } catch (error) {
    throw apiFailure(error, 'Checking the username');
  }
}

/** The topic id in a Discourse topic URL ("/t/slug/42"), for opening it in the client. */
export function topicIdOf(url: string): number | null {
  const match = /^\/t\/(?:[^/]+\/)?(\d+)(?:\/\d+)?\/?$/.exec(url);
  return match ? Number(match[1]) : null;
}
