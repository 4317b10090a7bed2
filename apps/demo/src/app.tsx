import { AtsZoomProvider, ZoomLinkButton } from '@ats-zoom/react';
import { useEffect, useMemo, useState } from 'react';
import { type DemoLocale, demoText } from './demo-text';
import { createTokenSource, type DemoUserSummary, fetchDemoConfig } from './host-session';

export function App() {
  const [config, setConfig] = useState<{ bffUrl: string; users: DemoUserSummary[] }>();
  const [userId, setUserId] = useState(() => new URLSearchParams(location.search).get('user'));
  const [locale, setLocale] = useState<DemoLocale>('ja');
  const text = demoText[locale];

  useEffect(() => {
    fetchDemoConfig().then(setConfig, (error: unknown) => console.error(error));
  }, []);

  const user = config?.users.find((candidate) => candidate.id === userId) ?? config?.users[0];
  const getToken = useMemo(() => (user ? createTokenSource(user.id) : undefined), [user]);

  if (!config || !user || !getToken) return <p className="demo-loading">{text.loading}</p>;

  return (
    <div className="demo-shell" lang={locale}>
      <header className="demo-header">
        <span className="demo-product">{text.product}</span>
        <label className="demo-field">
          {text.signedInAs}
          <select
            value={user.id}
            onChange={(event) => {
              setUserId(event.target.value);
              const url = new URL(location.href);
              url.searchParams.set('user', event.target.value);
              history.replaceState(null, '', url);
            }}
          >
            {config.users.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({text.roles[candidate.role]}, {candidate.tenantName})
              </option>
            ))}
          </select>
        </label>
        <label className="demo-field">
          {text.language}
          <select value={locale} onChange={(event) => setLocale(event.target.value as DemoLocale)}>
            <option value="ja">日本語</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <nav className="demo-breadcrumb" aria-label="breadcrumb">
        <span>{text.myAccount}</span> › <span aria-current="page">{text.integrations}</span>
      </nav>
      <main className="demo-main">
        <h1>{text.integrations}</h1>
        <p>{text.integrationsLead}</p>
        {/* key: a new provider per signed-in user, so nothing cached leaks between users */}
        <AtsZoomProvider key={user.id} bffUrl={config.bffUrl} getToken={getToken} locale={locale}>
          <table className="demo-table">
            <thead>
              <tr>
                <th scope="col">{text.service}</th>
                <th scope="col">{text.description}</th>
                <th scope="col">{text.status}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{text.zoomName}</th>
                <td>{text.zoomDescription}</td>
                <td>
                  <ZoomLinkButton />
                </td>
              </tr>
            </tbody>
          </table>
        </AtsZoomProvider>
      </main>
    </div>
  );
}
