import { useEffect, useState } from 'react';

/** The mock ATS's screens. A hash route keeps the `?user=` switcher and needs no router library. */
export type DemoRoute =
  | { name: 'integrations' }
  | { name: 'interviews' }
  | { name: 'interview'; interviewId: string; tab: InterviewTab }
  | { name: 'mail'; screen: MailScreen };

export type InterviewTab = 'setup' | 'evaluation';

/** メール: 候補者へのメール作成, メールテンプレート, 一括送信. */
export const mailScreens = ['compose', 'templates', 'bulk'] as const;
export type MailScreen = (typeof mailScreens)[number];

export function parseHashRoute(hash: string): DemoRoute {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'interviews' && parts[1]) {
    return {
      name: 'interview',
      interviewId: parts[1],
      tab: parts[2] === 'evaluation' ? 'evaluation' : 'setup',
    };
  }
  if (parts[0] === 'interviews') return { name: 'interviews' };
  if (parts[0] === 'mail') {
    const screen = mailScreens.find((name) => name === parts[1]) ?? 'compose';
    return { name: 'mail', screen };
  }
  return { name: 'integrations' };
}

export function hrefOf(route: DemoRoute): string {
  switch (route.name) {
    case 'integrations':
      return '#/integrations';
    case 'interviews':
      return '#/interviews';
    case 'interview':
      return `#/interviews/${encodeURIComponent(route.interviewId)}/${route.tab}`;
    case 'mail':
      return `#/mail/${route.screen}`;
    default:
      return route satisfies never;
  }
}

/** The current route, following `hashchange` (links, back/forward, `navigate`). */
export function useHashRoute(): [DemoRoute, (route: DemoRoute) => void] {
  const [route, setRoute] = useState(() => parseHashRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHashRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = (next: DemoRoute) => {
    location.hash = hrefOf(next);
  };
  return [route, navigate];
}
