import { z } from 'zod';
import type { MeetingHostUsersPort } from '../../core/ports';
import {
  ProviderAccessTokenRejectedError,
  ProviderRateLimitedError,
  ProviderUnavailableError,
} from '../../core/shared/errors';
import { ZOOM_TIMEOUT_MS } from './zoom-oauth-client';

const ZoomUserSchema = z.object({
  id: z.string().min(1),
  account_id: z.string().optional(),
  email: z.string().optional(),
  display_name: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  role_name: z.string().optional(),
  role_id: z.union([z.string(), z.number()]).optional(),
  type: z.number().optional(),
});

const ZoomErrorSchema = z.object({ code: z.number() });

/** `GET {apiBaseUrl}/users/me`. */
export function createZoomUsersClient(options: {
  apiBaseUrl: string;
  fetch?: typeof fetch;
}): MeetingHostUsersPort {
  const doFetch = options.fetch ?? fetch;
  const base = options.apiBaseUrl.replace(/\/+$/, '');
  return {
    async getMe(accessToken) {
      let response: Response;
      try {
        response = await doFetch(`${base}/users/me`, {
          headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
          signal: AbortSignal.timeout(ZOOM_TIMEOUT_MS),
        });
      } catch {
        throw new ProviderUnavailableError('Zoom could not be reached.');
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status === 401) {
        // 124 = invalid or expired access token; other 401s (4700 scopes) are not fixable here.
        const parsed = ZoomErrorSchema.safeParse(body);
        if (parsed.success && parsed.data.code === 124)
          throw new ProviderAccessTokenRejectedError();
        throw new ProviderUnavailableError('Zoom refused the request (401).');
      }
      if (response.status === 429) throw new ProviderRateLimitedError();
      if (!response.ok) throw new ProviderUnavailableError(`Zoom answered ${response.status}.`);
      const parsed = ZoomUserSchema.safeParse(body);
      if (!parsed.success) throw new ProviderUnavailableError('Zoom sent an unexpected user.');
      const user = parsed.data;
      const fullName = [user.first_name, user.last_name].filter(Boolean).join(' ');
      return {
        id: user.id,
        accountId: user.account_id ?? null,
        email: user.email ?? null,
        displayName: user.display_name ?? (fullName || null),
        roleName: user.role_name ?? null,
        roleId: user.role_id === undefined ? null : String(user.role_id),
        type: user.type ?? null,
      };
    },
  };
}
