import { HOST_TOKEN_MAX_AGE_LIMIT_SECONDS, HOST_TOKEN_SECRET_MIN_BYTES } from '@ats-zoom/contract';
import { z } from 'zod';
import { metricsConfigProblems } from './metrics';
import { rateLimitsProblems } from './rate-limits';

/** Thrown by `createBff` for a config it will not run with; the message names each setting. */
export class BffConfigError extends Error {
  override name = 'BffConfigError';
  constructor(
    /** One line per bad setting, e.g. `config.allowedOrigins[1]: "…" must be an exact origin …`. */
    readonly issues: string[],
  ) {
    super(`Invalid BFF config:\n${issues.map((issue) => `  ${issue}`).join('\n')}`);
  }
}

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function isHttp(url: URL | undefined): url is URL {
  return url?.protocol === 'http:' || url?.protocol === 'https:';
}

/** The value as a message shows it: credentials in a URL masked, long values cut. */
function quoted(value: string): string {
  const masked = value.replace(/\/\/[^/?#@]*@/, '//***@');
  return JSON.stringify(masked.length > 200 ? `${masked.slice(0, 200)}…` : masked);
}

/**
 * The checks `createBff` runs on its string settings, for an environment check to agree with
 * it (apps/bff uses them): each answers what is wrong with a value, or undefined.
 */
export const bffConfigRules = {
  /** An origin exactly as browsers send it in `Origin` (http or https, host and port only). */
  exactOrigin(value: string): string | undefined {
    const url = parsedUrl(value);
    if (isHttp(url) && url.origin === value) return undefined;
    const hint = isHttp(url) ? `; did you mean "${url.origin}"?` : '';
    return `${quoted(value)} must be an exact origin such as "https://ats.example.com" (http or https, host and port only, as browsers send it: no path, trailing slash, query or default port)${hint}`;
  },
  /** An absolute http(s) URL without credentials. */
  httpUrl(value: string): string | undefined {
    const url = parsedUrl(value);
    if (isHttp(url) && url.username === '' && url.password === '') return undefined;
    return `${quoted(value)} must be an absolute http(s) URL such as "https://api.example.com/v2"`;
  },
  /** An absolute http(s) URL with no query or fragment: a base that paths are added to. */
  baseUrl(value: string): string | undefined {
    if (bffConfigRules.httpUrl(value) === undefined && !/[?#]/.test(value)) return undefined;
    return `${quoted(value)} must be an absolute http(s) URL with no query or fragment, such as "https://bff.example.com"`;
  },
  /** An HS256 secret of at least 32 bytes in UTF-8. */
  hostTokenSecret(value: string): string | undefined {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes >= HOST_TOKEN_SECRET_MIN_BYTES) return undefined;
    return `must be at least ${HOST_TOKEN_SECRET_MIN_BYTES} bytes (UTF-8), got ${bytes}; use a random secret, e.g. 32 random bytes in base64url`;
  },
};

/** A string setting checked by one of the rules. */
function checked(rule: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

const exactOrigin = checked(bffConfigRules.exactOrigin);
const httpUrl = checked(bffConfigRules.httpUrl);
const baseUrl = checked(bffConfigRules.baseUrl);
const hostTokenSecret = checked(bffConfigRules.hostTokenSecret);
const required = z.string().min(1, 'must not be empty');
const scopes = z.array(required);

/**
 * What `createBff` checks in its config before it builds anything. Keys it does not know are
 * left alone (they are TypeScript's to catch).
 */
const BffConfigSchema = z.object({
  publicUrl: baseUrl,
  allowedOrigins: z.array(exactOrigin).min(1, 'list at least one origin of your ATS pages'),
  hostToken: z
    .object({
      issuer: required,
      secret: hostTokenSecret.optional(),
      jwksUrl: httpUrl.optional(),
      maxAgeSeconds: z.number().int().min(1).max(HOST_TOKEN_MAX_AGE_LIMIT_SECONDS).optional(),
    })
    .superRefine((hostToken, ctx) => {
      if ((hostToken.secret === undefined) === (hostToken.jwksUrl === undefined)) {
        ctx.addIssue({
          code: 'custom',
          message: 'set exactly one of secret (HS256) or jwksUrl (ES256, EdDSA, RS256)',
        });
      }
    }),
  zoom: z.object({
    clientId: required,
    clientSecret: required,
    authorizeUrl: httpUrl,
    tokenUrl: httpUrl,
    revokeUrl: httpUrl,
    apiBaseUrl: baseUrl,
    webhookSecretToken: required,
    scopes,
  }),
  google: z
    .object({
      clientId: required,
      clientSecret: required,
      authorizeUrl: httpUrl,
      tokenUrl: httpUrl,
      revokeUrl: httpUrl,
      userinfoUrl: httpUrl,
      calendarApiBaseUrl: baseUrl,
      scopes: scopes.optional(),
    })
    .optional(),
  outlook: z
    .object({
      clientId: required,
      clientSecret: required,
      authorityBaseUrl: baseUrl.optional(),
      tenant: z
        .string()
        .regex(
          /^[A-Za-z0-9.-]+$/,
          'must be "organizations", "common", a tenant id or a verified domain',
        )
        .optional(),
      graphBaseUrl: baseUrl.optional(),
      scopes: scopes.optional(),
    })
    .optional(),
  rateLimits: z
    .unknown()
    .superRefine((value, ctx) => {
      for (const { path, message } of rateLimitsProblems(value)) {
        ctx.addIssue({ code: 'custom', path, message });
      }
    })
    .optional(),
  metrics: z
    .unknown()
    .superRefine((value, ctx) => {
      for (const { path, message } of metricsConfigProblems(value)) {
        ctx.addIssue({ code: 'custom', path, message });
      }
    })
    .optional(),
});

/** `config.a.b[1]`, as a user would write the setting. */
function settingName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : `${name}.${String(key)}`),
    'config',
  );
}

/** Throws a `BffConfigError` naming every setting `createBff` will not run with. */
export function assertValidBffConfig(config: unknown): void {
  const result = BffConfigSchema.safeParse(config);
  if (result.success) return;
  throw new BffConfigError(
    result.error.issues.map((issue) => `${settingName(issue.path)}: ${issue.message}`),
  );
}
