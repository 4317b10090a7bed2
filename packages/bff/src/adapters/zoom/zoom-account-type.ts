import type { MeetingHostUserProfile } from '../../core/ports';

/**
 * Personal or company (managed) Zoom account, guessed from `GET /users/me`.
 *
 * Zoom exposes no account-type field to user-level apps (the account APIs need admin scopes).
 * The owner of an account has role_id "0" / role_name "Owner", which is what a free or
 * single-host account's only user looks like; members of a company account are "Member",
 * "Admin" or a custom role. An owner of a multi-user account is therefore reported as
 * `personal`: the label drives help text only, never a security decision.
 */
export function classifyZoomAccount(profile: MeetingHostUserProfile): 'personal' | 'managed' {
  const isOwner = profile.roleId === '0' || profile.roleName?.toLowerCase() === 'owner';
  return isOwner ? 'personal' : 'managed';
}
