import { z } from 'zod';
import { OAUTH_RESULT_MESSAGE_TYPE, type OAuthResultMessage } from './oauth-result-message';
import { problemCodes } from './problems';
import { providers } from './providers';

export const roles = ['recruiter', 'coordinator', 'interviewer'] as const;
export const RoleSchema = z.enum(roles);
export type Role = z.infer<typeof RoleSchema>;

/** Roles allowed to schedule: list hosts, issue meetings, use variables. */
export const schedulerRoles = ['recruiter', 'coordinator'] as const satisfies readonly Role[];

export const ProviderSchema = z.enum(providers);

/** Audience every host token must carry. */
export const HOST_TOKEN_AUDIENCE = 'ats-zoom';

/**
 * How old a host token may be, by its `iat`, before the BFF refuses it whatever its `exp`
 * (`hostToken.maxAgeSeconds`'s default; 60 s of clock skew are allowed on top).
 */
export const HOST_TOKEN_DEFAULT_MAX_AGE_SECONDS = 300;
/** The most `hostToken.maxAgeSeconds` may be set to. */
export const HOST_TOKEN_MAX_AGE_LIMIT_SECONDS = 600;
/** The shortest HS256 host token secret the BFF and `signHostToken` accept, in bytes (UTF-8). */
export const HOST_TOKEN_SECRET_MIN_BYTES = 32;

/**
 * Claims of the short-lived JWT the host ATS backend signs for its signed-in user
 * (design section 3).
 */
export const HostTokenClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  tid: z.string().min(1).max(200),
  role: RoleSchema,
  name: z.string().min(1).max(200),
  email: z.email().max(320),
  /**
   * Optional grants on top of the role, space-separated (RFC 8693 `scope`). The only one today
   * is `users:manage` (`PUT /v1/users/:userId/status`): put it only in tokens your backend signs
   * for its own server-to-server calls or for ATS administrators.
   */
  scope: z.string().min(1).max(1000).optional(),
});
export type HostTokenClaims = z.infer<typeof HostTokenClaimsSchema>;

export const ProblemCodeSchema = z.enum(problemCodes);

/**
 * Why a host was picked by 自動で選ぶ (or passed over): `preferred` (in the save's `prefer`
 * list), `interviewer` (an interviewer of the interview), `scheduler` (the ATS user saving),
 * `other` (another host of the tenant).
 */
export const autoHostRoles = ['preferred', 'interviewer', 'scheduler', 'other'] as const;
export type AutoHostRole = (typeof autoHostRoles)[number];

/** Why 自動で選ぶ passed a host over: busy at the slot, its check did not answer, or its link cannot host. */
export const passedOverReasons = ['busy', 'unknown', 'unavailable'] as const;

export const PassedOverHostSchema = z.object({
  connectionId: z.string(),
  ownerUserId: z.string(),
  ownerName: z.string(),
  role: z.enum(autoHostRoles),
  reason: z.enum(passedOverReasons),
});
export type PassedOverHost = z.infer<typeof PassedOverHostSchema>;

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: ProblemCodeSchema,
  /** Which provider failed or is meant, when the problem is about one (say `google` or `outlook`). */
  provider: ProviderSchema.optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  /**
   * For `no_host_available`: every host 自動で選ぶ tried, in order, and why it was passed over
   * (busy, its check did not answer, or its link cannot host). Nothing was created.
   */
  passedOver: z.array(PassedOverHostSchema).optional(),
  /** For validation problems: what is wrong, by JSON pointer into the request. */
  errors: z.array(z.object({ pointer: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const connectionStatuses = ['active', 'needs_reauth', 'moved', 'revoked'] as const;
export const ConnectionStatusSchema = z.enum(connectionStatuses);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

/**
 * Where a provider link came from or went to. Another tenant's user is never named.
 */
export const LinkPartySchema = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('same_tenant'), userName: z.string() }),
  z.object({ scope: z.literal('other_tenant') }),
]);
export type LinkParty = z.infer<typeof LinkPartySchema>;

export const ConnectionSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  status: ConnectionStatusSchema,
  /** The provider account's e-mail; may differ from the ATS account's. */
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  /** Zoom only (personal or company account); null for Google. */
  accountType: z.enum(['personal', 'managed']).nullable(),
  connectedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /**
   * Set when this link was taken over from another ATS account at connect time, until the user
   * has seen it (`POST /v1/connections/:connectionId/notices/ack`): a one-time notice.
   */
  movedFrom: LinkPartySchema.nullable(),
  /** Set when status is `moved`: who holds the provider account now. */
  movedTo: LinkPartySchema.nullable(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

/**
 * The user said they asked their Zoom admin to pre-approve the app (a managed account's
 * pre-approval page never redirects back, so only the user can tell): kept until they connect
 * or withdraw it.
 */
export const ApprovalWaitSchema = z.object({
  /** When the user said they requested pre-approval. */
  since: z.iso.datetime({ offset: true }),
});
export type ApprovalWait = z.infer<typeof ApprovalWaitSchema>;

export const MyConnectionsSchema = z.object({
  zoom: ConnectionSchema.nullable(),
  /** The user's Google Calendar link (interview events go to its primary calendar). */
  google: ConnectionSchema.nullable(),
  /**
   * The user's Outlook (Microsoft 365) calendar link; present only when the BFF has Outlook
   * configured (null until connected).
   */
  outlook: ConnectionSchema.nullable().optional(),
  /**
   * Present while the user waits for their Zoom admin's pre-approval and has no active Zoom
   * link (`PUT /v1/connections/zoom/approval-wait`); absent otherwise.
   */
  zoomApprovalWait: ApprovalWaitSchema.optional(),
});
export type MyConnections = z.infer<typeof MyConnectionsSchema>;

export const StartAuthorizationBodySchema = z.strictObject({});

/**
 * `PUT /v1/connections/zoom/approval-wait`: `true` when the user says they requested
 * pre-approval on Zoom's page (the first time stays), `false` when they stop waiting.
 */
export const ApprovalWaitBodySchema = z.strictObject({ waiting: z.boolean() });
export type ApprovalWaitBody = z.infer<typeof ApprovalWaitBodySchema>;

export const AuthorizationStartSchema = z.object({
  attemptId: z.string(),
  authorizationUrl: z.url(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type AuthorizationStart = z.infer<typeof AuthorizationStartSchema>;

export const oauthAttemptStatuses = ['pending', 'succeeded', 'failed', 'expired'] as const;

export const OAuthAttemptSchema = z.object({
  attemptId: z.string(),
  provider: ProviderSchema,
  status: z.enum(oauthAttemptStatuses),
  /** When failed: why, as a problem code. */
  errorCode: ProblemCodeSchema.nullable(),
  /** When succeeded: the connection it produced. */
  connection: ConnectionSchema.nullable(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type OAuthAttempt = z.infer<typeof OAuthAttemptSchema>;

/** `OAuthResultMessage` as a schema, for server code (browser code uses `isOAuthResultMessage`). */
export const OAuthResultMessageSchema = z.object({
  type: z.literal(OAUTH_RESULT_MESSAGE_TYPE),
  provider: ProviderSchema,
  attemptId: z.string(),
  ok: z.boolean(),
}) satisfies z.ZodType<OAuthResultMessage>;

export const IdParamSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

/** The host token `scope` that lets the host say which of its users are deactivated. */
export const USERS_MANAGE_SCOPE = 'users:manage';

/** `PUT /v1/users/:userId/status`: whether the ATS account is active. */
export const UserStatusBodySchema = z.strictObject({ active: z.boolean() });
export type UserStatusBody = z.infer<typeof UserStatusBodySchema>;

export const UserStatusSchema = z.object({
  userId: z.string(),
  active: z.boolean(),
  /** When the host said the user was deactivated; null while active. */
  deactivatedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type UserStatus = z.infer<typeof UserStatusSchema>;

export const HealthSchema = z.object({ status: z.literal('ok') });
