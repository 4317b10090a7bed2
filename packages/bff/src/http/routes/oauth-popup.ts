import { type Provider, providers } from '@ats-zoom/contract';
import type { Router } from 'express';
import { completeAuthorization, openAuthorization } from '../../core/connections/connect-provider';
import { deletePendingHostMeetings } from '../../core/meetings/delete-meeting';
import { providerDescriptors } from '../../core/providers';
import { DomainError, describeError } from '../../core/shared/errors';
import { readCookie } from '../cookies';
import {
  keepPopupOpener,
  sendOAuthErrorPage,
  sendOAuthRateLimitedPage,
  sendOAuthResultPage,
} from '../oauth-pages';
import { popupProblemOf } from '../problem';
import type { RateLimits, RefusalHandler } from '../rate-limits';
import type { BffWiring } from '../wiring';

/** The popup's browser-binding cookie (`__Host-` on https: no Domain, Secure, Path=/). */
export function oauthCookieName(provider: Provider, secure: boolean): string {
  const name = providerDescriptors[provider].cookieName;
  return secure ? `__Host-${name}` : name;
}

/**
 * A refused popup request (a rate limit) answers with the popup's page, everything else with
 * problem+json: the page of the provider whose popup path was asked for.
 */
export function popupRefusalHandler(wiring: BffWiring): RefusalHandler {
  const popupPages = providers.flatMap((provider) => [
    { path: providerDescriptors[provider].popupPaths.start, provider },
    { path: providerDescriptors[provider].popupPaths.callback, provider },
  ]);
  return (req, res, next, error) => {
    // The full path wherever the router is mounted (inside `use('/v1')` req.path lacks it).
    const path = `${req.baseUrl}${req.path}`;
    const provider =
      req.method === 'GET'
        ? popupPages.find((page) => path.endsWith(page.path))?.provider
        : undefined;
    if (!provider) {
      next(error);
      return;
    }
    wiring.logger.warn(
      { requestId: res.locals.requestId, provider, detail: error.message },
      'oauth popup rate limited',
    );
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
    sendOAuthRateLimitedPage(res, provider);
  };
}

/**
 * The OAuth popup of each provider: start (redeem the ticket, bind this browser with a cookie,
 * go to the consent page) and callback (the provider's redirect back). Mounted for every
 * provider; one the BFF is not configured for answers its error page.
 */
export function mountOAuthPopupRoutes(
  router: Router,
  wiring: BffWiring,
  rateLimits: RateLimits,
): void {
  const { clock, logger, core, meetingCore, calendarOutbox, publicUrl } = wiring;
  const secureCookie = publicUrl.startsWith('https:');
  for (const provider of providers) {
    const paths = providerDescriptors[provider].popupPaths;
    // One cookie per provider, so connecting two providers at once in one browser works.
    const cookieName = oauthCookieName(provider, secureCookie);
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookie,
    } as const;

    router.get(paths.start, rateLimits.oauthPopupStart, async (req, res) => {
      const attemptId = typeof req.query.attempt === 'string' ? req.query.attempt : '';
      const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : '';
      try {
        const opened = await openAuthorization(core, { provider, attemptId, ticket });
        res.cookie(cookieName, opened.browserBinding, {
          ...cookieOptions,
          maxAge: Math.max(0, opened.expiresAt.getTime() - clock.now().getTime()),
        });
        res.setHeader('Cache-Control', 'no-store');
        keepPopupOpener(res);
        res.redirect(302, opened.authorizationUrl);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        logger.warn(
          { requestId: res.locals.requestId, provider, error: describeError(error) },
          'oauth start refused',
        );
        sendOAuthErrorPage(res, popupProblemOf(error).status, provider);
      }
    });

    router.get(paths.callback, async (req, res) => {
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      try {
        const outcome = await completeAuthorization(core, {
          provider,
          state: text(req.query.state),
          code: text(req.query.code),
          error: text(req.query.error),
          errorDescription: text(req.query.error_description),
          browserBinding: readCookie(req, cookieName),
          // Calendar tasks waiting for this link; meetings it could not delete before.
          onLinked: (connection) =>
            Promise.all([
              calendarOutbox.resumeForLink(connection),
              deletePendingHostMeetings(meetingCore, connection),
            ]),
        });
        res.clearCookie(cookieName, cookieOptions);
        logger.info(
          {
            requestId: res.locals.requestId,
            provider,
            attemptId: outcome.attemptId,
            ok: outcome.ok,
            errorCode: outcome.errorCode,
          },
          `${provider} authorization finished`,
        );
        const status = outcome.ok ? 200 : popupProblemOf(outcome.errorCode).status;
        sendOAuthResultPage(res, status, {
          provider,
          attemptId: outcome.attemptId,
          ok: outcome.ok,
          errorCode: outcome.errorCode,
          targetOrigin: outcome.returnOrigin,
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        logger.warn(
          { requestId: res.locals.requestId, provider, error: describeError(error) },
          'oauth callback refused',
        );
        sendOAuthErrorPage(res, popupProblemOf(error).status, provider);
      }
    });
  }
}
