/** The fields of Zoom's `GET /users/me` the BFF uses. */
export interface ZoomUserProfile {
  id: string;
  accountId: string | null;
  email: string | null;
  displayName: string | null;
  roleName: string | null;
  roleId: string | null;
  /** 1 Basic, 2 Licensed, 3 on-prem, 99 none. */
  type: number | null;
}

export interface ZoomUsersPort {
  /** Throws `ProviderAccessTokenRejectedError` on Zoom's 401 code 124. */
  getMe(accessToken: string): Promise<ZoomUserProfile>;
}

/** The Google account behind a grant (OpenID userinfo claims). */
export interface GoogleUserProfile {
  /** Google's stable subject id: one live link per `sub` across the deployment. */
  sub: string;
  email: string | null;
  /** Only with the `profile` scope; null otherwise. */
  name: string | null;
}
