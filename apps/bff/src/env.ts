import { z } from 'zod';

const DEFAULT_ZOOM_SCOPES = [
  'user:read:user',
  'user:read:settings',
  'meeting:read:meeting',
  'meeting:read:list_meetings',
  'meeting:write:meeting',
  'meeting:update:meeting',
  'meeting:delete:meeting',
];

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const origin = z.string().refine((value) => {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'must be an exact origin such as https://ats.example.com (scheme, host, optional port; no path or trailing slash)');

/**
 * The BFF server's environment. Validated once at boot: a wrong or missing value stops the
 * process with a message naming the variable, before anything listens.
 */
export const BffEnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: z.url().optional(),
    ALLOWED_ORIGINS: commaList.pipe(z.array(origin).min(1, 'list at least one host origin')),
    HOST_TOKEN_ISSUER: z.string().min(1),
    HOST_TOKEN_SECRET: z
      .string()
      .min(32, 'use a random secret of at least 32 characters')
      .optional(),
    HOST_TOKEN_JWKS_URL: z.url().optional(),
    ZOOM_CLIENT_ID: z.string().min(1),
    ZOOM_CLIENT_SECRET: z.string().min(1),
    ZOOM_OAUTH_BASE_URL: z.url().default('https://zoom.us'),
    ZOOM_API_BASE_URL: z.url().default('https://api.zoom.us/v2'),
    ZOOM_WEBHOOK_SECRET_TOKEN: z.string().min(1),
    ZOOM_SCOPES: commaList.optional(),
    DATABASE_URL: z.string().optional(),
    DATA_DIR: z.string().default('.data'),
    ENCRYPTION_KEYS: z.string().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    NODE_ENV: z.string().default('development'),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.HOST_TOKEN_SECRET) === Boolean(env.HOST_TOKEN_JWKS_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOST_TOKEN_SECRET'],
        message: 'set exactly one of HOST_TOKEN_SECRET (HS256) or HOST_TOKEN_JWKS_URL',
      });
    }
    if (env.NODE_ENV === 'production' && !env.ENCRYPTION_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEYS'],
        message: 'production needs ENCRYPTION_KEYS (kid:base64key[,older kids...])',
      });
    }
  });

export type BffEnv = z.infer<typeof BffEnvSchema>;

export class EnvError extends Error {}

/** Parses the environment or throws an EnvError listing every bad variable. */
export function parseBffEnv(env: NodeJS.ProcessEnv): BffEnv {
  const result = BffEnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`,
    );
    throw new EnvError(`Invalid BFF configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function zoomScopes(env: BffEnv): string[] {
  return env.ZOOM_SCOPES && env.ZOOM_SCOPES.length > 0 ? env.ZOOM_SCOPES : DEFAULT_ZOOM_SCOPES;
}
