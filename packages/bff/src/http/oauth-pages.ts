import { randomBytes } from 'node:crypto';
import type { OAuthResultMessage, ProblemCode, Provider } from '@ats-zoom/contract';
import type { Response } from 'express';
import { type ProviderLabels, providerLabel } from '../core/providers';

/** Serialises a value into an inline script without letting it close the script element. */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** What the popup's pages call each provider, in both languages (the registry's labels). */
const providerLabels = (provider: Provider) => providerLabel(provider);

const STYLE = 'body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}p{margin:.5rem 0}';

function page(input: { title: string; ja: string; en: string; nonce: string; script?: string }) {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title}</title>
<style nonce="${input.nonce}">${STYLE}</style>
</head>
<body>
<main>
<p lang="ja">${input.ja}</p>
<p lang="en">${input.en}</p>
</main>
${input.script ? `<script nonce="${input.nonce}">${input.script}</script>` : ''}
</body>
</html>
`;
}

function sendPage(res: Response, status: number, html: string, nonce: string) {
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  keepPopupOpener(res);
  res.status(status).type('html').send(html);
}

/**
 * Every response the OAuth popup loads from the BFF (the start redirect, the callback page and
 * its error pages) relaxes helmet's default COOP (`same-origin`). A `same-origin` response,
 * redirects included, moves the popup to a new browsing context group: the opener then sees
 * `popup.closed === true` while the user is still on the provider's consent page, and the callback
 * page has no `window.opener` to post to.
 */
export function keepPopupOpener(res: Response): void {
  res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
}

/**
 * The callback page: drops the code from the address bar, tells the opener the outcome (exact
 * origin from the attempt record, never `*`, never from the query) and closes itself.
 */
export function sendOAuthResultPage(
  res: Response,
  status: number,
  input: {
    provider: Provider;
    attemptId: string;
    ok: boolean;
    /** Why it failed (the attempt's code): some failures need their own explanation. */
    errorCode?: ProblemCode | null;
    targetOrigin: string;
  },
): void {
  const nonce = randomBytes(16).toString('base64');
  const message: OAuthResultMessage = {
    type: 'ats-zoom:oauth-result',
    provider: input.provider,
    attemptId: input.attemptId,
    ok: input.ok,
  };
  const script = `(function(){try{history.replaceState(null,'',location.pathname)}catch(e){}var o=window.opener;if(o){o.postMessage(${scriptLiteral(message)},${scriptLiteral(input.targetOrigin)})}window.close()})();`;
  const label = providerLabels(input.provider);
  const html = input.ok
    ? page({
        title: label.title,
        ja: `${label.ja} との連携が完了しました。このウィンドウは閉じてかまいません。`,
        en: `${label.en} is connected. You can close this window.`,
        nonce,
        script,
      })
    : input.errorCode === 'admin_consent_required'
      ? page({ title: label.title, ...adminConsentText(label), nonce, script })
      : page({
          title: label.title,
          ja: `${label.ja} との連携は完了しませんでした。元の画面に戻ってもう一度お試しください。`,
          en: `${label.en} was not connected. Go back to the previous screen and try again.`,
          nonce,
          script,
        });
  sendPage(res, status, html, nonce);
}

/**
 * The organisation of the provider account lets only its administrator consent to the app: the
 * user cannot fix it here, so the page says whom to ask for what, and when to try again.
 */
function adminConsentText(label: ProviderLabels): { ja: string; en: string } {
  const organization = label.organization ?? '';
  const admin = organization ? `${organization} の管理者` : '組織の管理者';
  const adminEn = organization ? `your ${organization} administrator` : 'your administrator';
  return {
    ja: `ご所属の組織では、${label.ja} の連携に管理者の承認が必要です（管理者の承認待ち）。${admin}に、このアプリへの「管理者の同意」（組織全体としての承認）を依頼してください。承認されたら、元の画面からもう一度連携してください。`,
    en: `Your organization requires an administrator to approve this app before you can connect ${label.en}. Ask ${adminEn} to grant admin consent to this app for the organization, then connect again from the previous screen.`,
  };
}

/** For requests we cannot tie to an attempt: no script, no message to anyone. */
export function sendOAuthErrorPage(res: Response, status: number, provider: Provider): void {
  const nonce = randomBytes(16).toString('base64');
  sendPage(
    res,
    status,
    page({
      title: providerLabels(provider).title,
      ja: 'この連携リクエストは無効か、期限切れか、すでに使用されています。元の画面から連携をやり直してください。',
      en: 'This connection request is invalid, expired or already used. Start again from the previous screen.',
      nonce,
    }),
    nonce,
  );
}

/** The popup asked too often (`Retry-After` and the RateLimit fields are already set). */
export function sendOAuthRateLimitedPage(res: Response, provider: Provider): void {
  const nonce = randomBytes(16).toString('base64');
  sendPage(
    res,
    429,
    page({
      title: providerLabels(provider).title,
      ja: 'リクエストが多すぎます。しばらく待ってから、元の画面から連携をやり直してください。',
      en: 'Too many requests. Wait a moment, then start again from the previous screen.',
      nonce,
    }),
    nonce,
  );
}
