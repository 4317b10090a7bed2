/** The meeting host's own user record (the token's user), in the fields the BFF uses. */
export interface MeetingHostUserProfile {
  id: string;
  accountId: string | null;
  email: string | null;
  displayName: string | null;
  roleName: string | null;
  roleId: string | null;
  /** The host's license type as the provider numbers it (Zoom: 1 Basic, 2 Licensed, 99 none). */
  type: number | null;
}

/** Reads the meeting host user behind a token. Throws the entry's token-rejected error. */
export interface MeetingHostUsersPort {
  getMe(accessToken: string): Promise<MeetingHostUserProfile>;
}
