import type { DemoLocale, DemoText } from './demo-text';
import type { DemoUserSummary } from './host-session';
import { MailBulkPage } from './mail-bulk-page';
import { MailComposerPage } from './mail-composer-page';
import { MailTemplatesPage } from './mail-templates-page';
import { hrefOf, type MailScreen, mailScreens } from './use-hash-route';

export interface MailAreaProps {
  screen: MailScreen;
  user: DemoUserSummary;
  locale: DemoLocale;
  text: DemoText;
}

/** メール: its three screens, for recruiters and coordinators. */
export function MailArea({ screen, user, locale, text }: MailAreaProps) {
  const titles: Record<MailScreen, string> = {
    compose: text.composeMail,
    templates: text.mailTemplates,
    bulk: text.bulkSend,
  };
  return (
    <>
      <nav aria-label={text.mailScreens} className="demo-subnav">
        {mailScreens.map((name) => (
          <a
            key={name}
            href={hrefOf({ name: 'mail', screen: name })}
            aria-current={name === screen ? 'page' : undefined}
            className="demo-subnav-link"
          >
            {titles[name]}
          </a>
        ))}
      </nav>
      {user.role === 'interviewer' ? (
        <>
          <h1>{titles[screen]}</h1>
          <p className="demo-note" role="note">
            {text.mailNoPermission}
          </p>
        </>
      ) : null}
      {user.role !== 'interviewer' && screen === 'compose' ? (
        <MailComposerPage user={user} locale={locale} text={text} />
      ) : null}
      {user.role !== 'interviewer' && screen === 'templates' ? (
        <MailTemplatesPage user={user} text={text} />
      ) : null}
      {user.role !== 'interviewer' && screen === 'bulk' ? (
        <MailBulkPage user={user} locale={locale} text={text} />
      ) : null}
    </>
  );
}
