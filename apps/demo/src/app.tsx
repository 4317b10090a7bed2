import { AtsZoomProvider } from '@ats-zoom/react';
import { en } from '@ats-zoom/react/locales/en';
import { ja } from '@ats-zoom/react/locales/ja';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { type DemoLocale, type DemoText, demoText } from './demo-text';
import { createTokenSource, type DemoConfig, fetchDemoConfig } from './host-session';
import { IntegrationsPage } from './integrations-page';
import { InterviewPage } from './interview-page';
import { InterviewsPage } from './interviews-page';
import { MailArea } from './mail-area';
import { type DemoRoute, hrefOf, useHashRoute } from './use-hash-route';
import { UserSwitcher } from './user-switcher';

/** The kit's languages; the demo switches between both, so it bundles both. */
const languages = { ja, en };

export function App() {
  const [config, setConfig] = useState<DemoConfig>();
  const [userId, setUserId] = useState(() => new URLSearchParams(location.search).get('user'));
  const [locale, setLocale] = useState<DemoLocale>('ja');
  const [statusEpoch, setStatusEpoch] = useState(0);
  const [route, navigate] = useHashRoute();
  // The mock ATS's own data (interviews); the kit keeps its own QueryClient per provider.
  const [queryClient] = useState(() => new QueryClient());
  const text = demoText[locale];

  useEffect(() => {
    fetchDemoConfig().then(setConfig, (error: unknown) => console.error(error));
  }, []);

  // A deactivated account cannot sign in: fall back to the first active one.
  const user =
    config?.users.find((candidate) => candidate.id === userId && candidate.active) ??
    config?.users.find((candidate) => candidate.active);
  const getToken = useMemo(() => (user ? createTokenSource(user.id) : undefined), [user]);

  if (!config || !user || !getToken) return <p className="demo-loading">{text.loading}</p>;

  return (
    <QueryClientProvider client={queryClient}>
      <div className="demo-shell" lang={locale}>
        <header className="demo-header">
          <span className="demo-product">{text.product}</span>
          <UserSwitcher
            users={config.users}
            current={user}
            text={text}
            onSwitch={(id) => {
              setUserId(id);
              const url = new URL(location.href);
              url.searchParams.set('user', id);
              history.replaceState(null, '', url);
            }}
            onStatusChanged={(changed) => {
              setConfig({
                ...config,
                users: config.users.map((other) => (other.id === changed.id ? changed : other)),
              });
              // A fresh provider: the host picker asks the BFF again (a deactivated user's
              // link is no longer offered; a reactivated one is back).
              setStatusEpoch((epoch) => epoch + 1);
            }}
          />
          <label className="demo-field">
            {text.language}
            <select
              value={locale}
              onChange={(event) => setLocale(event.target.value as DemoLocale)}
            >
              <option value="ja">日本語</option>
              <option value="en">English</option>
            </select>
          </label>
        </header>
        <MainMenu route={route} text={text} />
        <Breadcrumb route={route} text={text} />
        <main className="demo-main">
          {/* key: a new provider per signed-in user, so nothing cached leaks between users, and
              after a user status change, so nothing stale is offered */}
          <AtsZoomProvider
            key={`${user.id}:${statusEpoch}`}
            bffUrl={config.bffUrl}
            getToken={getToken}
            locale={languages[locale]}
            // What changes elsewhere (Zoom's admin page, another demo user) shows within 5 s.
            refreshIntervalMs={5_000}
          >
            {route.name === 'integrations' ? (
              <IntegrationsPage
                text={text}
                locale={locale}
                calendarViewUrl={config.calendarViewUrl}
                outlookCalendarViewUrl={config.outlookCalendarViewUrl}
              />
            ) : null}
            {route.name === 'interviews' ? <InterviewsPage user={user} text={text} /> : null}
            {route.name === 'interview' ? (
              <InterviewPage
                key={route.interviewId}
                interviewId={route.interviewId}
                tab={route.tab}
                user={user}
                colleagues={config.users.filter((other) => other.tenantId === user.tenantId)}
                locale={locale}
                text={text}
                navigate={navigate}
              />
            ) : null}
            {route.name === 'mail' ? (
              <MailArea screen={route.screen} user={user} locale={locale} text={text} />
            ) : null}
          </AtsZoomProvider>
        </main>
      </div>
    </QueryClientProvider>
  );
}

type MenuArea = 'interviews' | 'mail' | 'integrations';

function areaOf(route: DemoRoute): MenuArea {
  if (route.name === 'integrations' || route.name === 'mail') return route.name;
  return 'interviews';
}

function MainMenu({ route, text }: { route: DemoRoute; text: DemoText }) {
  const area = areaOf(route);
  const links: { area: MenuArea; href: string; label: string }[] = [
    {
      area: 'interviews',
      href: hrefOf({ name: 'interviews' }),
      label: `${text.selection} › ${text.interviews}`,
    },
    { area: 'mail', href: hrefOf({ name: 'mail', screen: 'compose' }), label: text.mail },
    {
      area: 'integrations',
      href: hrefOf({ name: 'integrations' }),
      label: `${text.myAccount} › ${text.integrations}`,
    },
  ];
  return (
    <nav className="demo-menu" aria-label={text.mainMenu}>
      {links.map((link) => (
        <a
          key={link.area}
          href={link.href}
          aria-current={area === link.area ? 'page' : undefined}
          className="demo-menu-link"
        >
          {link.label}
        </a>
      ))}
    </nav>
  );
}

function Breadcrumb({ route, text }: { route: DemoRoute; text: DemoText }) {
  const mailPages = {
    compose: text.composeMail,
    templates: text.mailTemplates,
    bulk: text.bulkSend,
  } as const;
  const [area, page] =
    route.name === 'integrations'
      ? [text.myAccount, text.integrations]
      : route.name === 'mail'
        ? [text.mail, mailPages[route.screen]]
        : [text.selection, text.interviews];
  return (
    <nav className="demo-breadcrumb" aria-label="breadcrumb">
      <span>{area}</span> › <span aria-current="page">{page}</span>
    </nav>
  );
}
