import { createHash } from 'node:crypto';
import type { ZoomUser } from './zoom-types';

/** Fields of Zoom's user object that the handle does not expose but `GET /v2/users/me` returns. */
export interface ZoomUserProfile extends ZoomUser {
  account_number: number;
  pmi: number;
  timezone: string;
  language: string;
  created_at: string;
  last_login_time: string;
  /** Short name of the company in the seed (`acme`, `globex`); null for personal accounts. */
  accountAlias: string | null;
}

export interface ZoomSeed {
  personal: ZoomUserProfile;
  personal2: ZoomUserProfile;
  managedApproved: ZoomUserProfile;
  managedApproved2: ZoomUserProfile;
  /**
   * Three more licensed members of `acme`, which the demo's interview panel links (each can be
   * the other two's alternative host); no other journey or test uses them.
   */
  managedApproved3: ZoomUserProfile;
  managedApproved4: ZoomUserProfile;
  managedApproved5: ZoomUserProfile;
  managedPending: ZoomUserProfile;
  /** A second company that has not pre-approved the app, which no test or journey approves. */
  managedPending2: ZoomUserProfile;
}

const ACME_ACCOUNT_ID = 'aCmE7pQ2Rk-3vXb9LmN0sw';
const GLOBEX_ACCOUNT_ID = 'gLoBx4Tz8Wq_1nHc6YdE2A';
const HOOLI_ACCOUNT_ID = 'hOoLi5Uv2Xe-7mJd3QsF9B';

/** Company accounts that pre-approved the app before the emulator started. */
export const initiallyApprovedAccountIds: readonly string[] = [ACME_ACCOUNT_ID];

/** A licensed member of `acme`, e-mailed `first.last@acme.example`; in Japan unless told. */
function acmeMember(
  who: Pick<
    ZoomUserProfile,
    'id' | 'first_name' | 'last_name' | 'pmi' | 'created_at' | 'last_login_time'
  > &
    Partial<Pick<ZoomUserProfile, 'timezone' | 'language'>>,
): ZoomUserProfile {
  return {
    email: `${who.first_name}.${who.last_name}@acme.example`.toLowerCase(),
    display_name: `${who.first_name} ${who.last_name}`,
    account_id: ACME_ACCOUNT_ID,
    type: 2,
    role_name: 'Member',
    role_id: '2',
    kind: 'managed',
    account_number: 91234501,
    timezone: 'Asia/Tokyo',
    language: 'ja-JP',
    accountAlias: 'acme',
    ...who,
  };
}

/**
 * Fixed ids so that logs, snapshots and e2e runs read the same every time. Ids are 22
 * base64url characters like Zoom's; role ids follow Zoom's built-in roles (0 Owner, 2 Member).
 */
export function createZoomSeed(): ZoomSeed {
  return {
    personal: {
      id: 'Kq3ZtY8uR0m-WfP1xLs9Ag',
      email: 'haruka.sato@example.com',
      first_name: 'Haruka',
      last_name: 'Sato',
      display_name: 'Haruka Sato',
      account_id: 'Pv2nB6cXr4S_0hJk8TyW1Q',
      type: 1,
      role_name: 'Owner',
      role_id: '0',
      kind: 'personal',
      account_number: 81234567,
      pmi: 4567812390,
      timezone: 'Asia/Tokyo',
      language: 'ja-JP',
      created_at: '2023-04-03T01:12:45Z',
      last_login_time: '2025-10-01T00:30:12Z',
      accountAlias: null,
    },
    personal2: {
      id: 'Lm7VbN2cQ5x_EoR8tKd4Hg',
      email: 'kenji.ito@example.net',
      first_name: 'Kenji',
      last_name: 'Ito',
      display_name: 'Kenji Ito',
      account_id: 'Hs5kD1fGj9L-2pQwZx7CvA',
      type: 1,
      role_name: 'Owner',
      role_id: '0',
      kind: 'personal',
      account_number: 82345678,
      pmi: 5678923401,
      timezone: 'Asia/Tokyo',
      language: 'ja-JP',
      created_at: '2022-11-20T08:05:00Z',
      last_login_time: '2025-09-28T23:10:44Z',
      accountAlias: null,
    },
    managedApproved: acmeMember({
      id: 'Aw9XyZ1bC3d-EfG5hIj7Kw',
      first_name: 'Aiko',
      last_name: 'Tanaka',
      pmi: 6789034512,
      language: 'en-US',
      created_at: '2021-06-14T02:40:10Z',
      last_login_time: '2025-10-02T04:15:00Z',
    }),
    managedApproved2: acmeMember({
      id: 'Bx0YzA2cD4e_FgH6iJk8Lx',
      first_name: 'Daniel',
      last_name: 'Moore',
      pmi: 7890145623,
      timezone: 'America/New_York',
      language: 'en-US',
      created_at: '2021-09-01T15:00:00Z',
      last_login_time: '2025-10-01T13:45:30Z',
    }),
    managedApproved3: acmeMember({
      id: 'Ea3BcD5fG7h-IjK9lMn1Oa',
      first_name: 'Kenichi',
      last_name: 'Ogawa',
      pmi: 6123409875,
      created_at: '2022-02-14T01:00:00Z',
      last_login_time: '2025-10-02T00:40:00Z',
    }),
    managedApproved4: acmeMember({
      id: 'Fb4CdE6gH8i_JkL0mNo2Pb',
      first_name: 'Mao',
      last_name: 'Ishii',
      pmi: 6234510986,
      created_at: '2022-07-01T03:30:00Z',
      last_login_time: '2025-10-01T23:55:00Z',
    }),
    managedApproved5: acmeMember({
      id: 'Gc5DeF7hI9j-KlM1nOp3Qc',
      first_name: 'Sho',
      last_name: 'Okada',
      pmi: 6345621097,
      created_at: '2023-01-10T06:15:00Z',
      last_login_time: '2025-09-30T08:05:00Z',
    }),
    managedPending: {
      id: 'Cy1ZaB3dE5f-GhI7jKl9My',
      email: 'yui.nakamura@globex.example',
      first_name: 'Yui',
      last_name: 'Nakamura',
      display_name: 'Yui Nakamura',
      account_id: GLOBEX_ACCOUNT_ID,
      type: 2,
      role_name: 'Member',
      role_id: '2',
      kind: 'managed',
      account_number: 93456012,
      pmi: 8901256734,
      timezone: 'Asia/Tokyo',
      language: 'ja-JP',
      created_at: '2024-01-09T00:00:00Z',
      last_login_time: '2025-09-30T06:20:00Z',
      accountAlias: 'globex',
    },
    managedPending2: {
      id: 'Dz2AbC4eF6g_HiJ8kLm0Nz',
      email: 'sora.kimura@hooli.example',
      first_name: 'Sora',
      last_name: 'Kimura',
      display_name: 'Sora Kimura',
      account_id: HOOLI_ACCOUNT_ID,
      type: 2,
      role_name: 'Member',
      role_id: '2',
      kind: 'managed',
      account_number: 94567123,
      pmi: 9012367845,
      timezone: 'Asia/Tokyo',
      language: 'ja-JP',
      created_at: '2024-03-01T00:00:00Z',
      last_login_time: '2025-09-29T02:10:00Z',
      accountAlias: 'hooli',
    },
  };
}

/** A stable 22-character base64url id (Zoom's id shape) for the n-th generated user. */
function generatedId(kind: string, index: number): string {
  return createHash('sha256').update(`${kind}:${index}`).digest('base64url').slice(0, 22);
}

/**
 * `count` more one-person (Basic) accounts beyond the named seed, for load runs that need
 * many distinct Zoom users. Same ids and e-mails on every run: `user0001@extra.example`, ...
 */
export function createExtraPersonalUsers(count: number): ZoomUserProfile[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`extraUsers must be a non-negative whole number, got ${count}`);
  }
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return {
      id: generatedId('user', i + 1),
      email: `user${n}@extra.example`,
      first_name: 'Extra',
      last_name: `User ${n}`,
      display_name: `Extra User ${n}`,
      account_id: generatedId('account', i + 1),
      type: 1,
      role_name: 'Owner',
      role_id: '0',
      kind: 'personal',
      account_number: 70_000_000 + i + 1,
      pmi: 3_000_000_000 + i + 1,
      timezone: 'Asia/Tokyo',
      language: 'ja-JP',
      created_at: '2024-05-01T00:00:00Z',
      last_login_time: '2025-10-01T00:00:00Z',
      accountAlias: null,
    } satisfies ZoomUserProfile;
  });
}

/** The public part of a profile: exactly the `ZoomUser` fields. */
export function toZoomUser(profile: ZoomUserProfile): ZoomUser {
  const {
    id,
    email,
    first_name,
    last_name,
    display_name,
    account_id,
    type,
    role_name,
    role_id,
    kind,
  } = profile;
  return {
    id,
    email,
    first_name,
    last_name,
    display_name,
    account_id,
    type,
    role_name,
    role_id,
    kind,
  };
}

/** `GET /v2/users/{userId}` body, with the fields real Zoom sends for such a user. */
export function toZoomUserResource(profile: ZoomUserProfile, webOrigin: string) {
  return {
    id: profile.id,
    first_name: profile.first_name,
    last_name: profile.last_name,
    display_name: profile.display_name,
    email: profile.email,
    type: profile.type,
    role_name: profile.role_name,
    pmi: profile.pmi,
    use_pmi: false,
    personal_meeting_url: `${webOrigin}/j/${profile.pmi}`,
    timezone: profile.timezone,
    verified: 1,
    dept: '',
    created_at: profile.created_at,
    last_login_time: profile.last_login_time,
    last_client_version: '6.2.5.1234(mac)',
    pic_url: '',
    language: profile.language,
    phone_number: '',
    status: 'active' as const,
    role_id: profile.role_id,
    employee_unique_id: '',
    account_id: profile.account_id,
    account_number: profile.account_number,
    cluster: 'us05',
    user_created_at: profile.created_at,
    login_types: [100],
    group_ids: [] as string[],
    im_group_ids: [] as string[],
    jid: `${profile.id.toLowerCase()}@xmpp.zoom.us`,
    phone_numbers: [] as { code: string; country: string; label: string; number: string }[],
  };
}
