import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useId, useRef } from 'react';
import { type DemoLocale, type DemoText, fill } from './demo-text';
import type { DemoUserSummary } from './host-session';
import { InterviewEvaluation } from './interview-evaluation';
import { InterviewSetupForm } from './interview-setup-form';
import { getInterview, HostApiError, interviewKeys } from './interviews-api';
import { type DemoRoute, hrefOf, type InterviewTab } from './use-hash-route';

export interface InterviewPageProps {
  interviewId: string;
  tab: InterviewTab;
  user: DemoUserSummary;
  /** The users of the signed-in user's tenant: who can be invited to the calendar event. */
  colleagues: DemoUserSummary[];
  /** The language shown (the provider's). */
  locale: DemoLocale;
  text: DemoText;
  navigate: (route: DemoRoute) => void;
}

const tabs: InterviewTab[] = ['setup', 'evaluation'];

/** One interview of one candidate, with its 面接設定 and 面接・評価 tabs. */
export function InterviewPage({
  interviewId,
  tab,
  user,
  colleagues,
  locale,
  text,
  navigate,
}: InterviewPageProps) {
  const ids = useId();
  const tabRefs = useRef<Partial<Record<InterviewTab, HTMLButtonElement | null>>>({});
  const query = useQuery({
    queryKey: interviewKeys.one(user.id, interviewId),
    queryFn: () => getInterview(user.id, interviewId),
    retry: false,
  });

  const backLink = (
    <a href={hrefOf({ name: 'interviews' })} className="demo-back">
      {text.backToInterviews}
    </a>
  );

  if (query.isPending) return <p role="status">{text.loading}</p>;
  if (query.isError) {
    const notFound = query.error instanceof HostApiError && query.error.status === 404;
    return (
      <>
        <p role="alert" className="demo-error">
          {notFound ? text.interviewNotFound : text.loadFailed}
        </p>
        {backLink}
      </>
    );
  }
  const interview = query.data;
  const label = (name: InterviewTab) => (name === 'setup' ? text.setupTab : text.evaluationTab);
  const select = (name: InterviewTab) => navigate({ name: 'interview', interviewId, tab: name });

  // WAI-ARIA tabs: arrows move between tabs, and selection follows focus.
  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = tabs.indexOf(tab);
    let next: InterviewTab | undefined;
    if (event.key === 'ArrowRight') next = tabs[(index + 1) % tabs.length];
    else if (event.key === 'ArrowLeft') next = tabs[(index - 1 + tabs.length) % tabs.length];
    else if (event.key === 'Home') next = tabs[0];
    else if (event.key === 'End') next = tabs[tabs.length - 1];
    if (!next) return;
    event.preventDefault();
    select(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <>
      {backLink}
      <h1>
        {fill(text.interviewHeading, { name: interview.candidateName, stage: interview.stage })}
      </h1>
      <p className="demo-hint">
        {text.position}: {interview.position}
      </p>
      <div role="tablist" aria-label={text.interviewTabs} className="demo-tabs">
        {tabs.map((name) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={`${ids}-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`${ids}-panel`}
            tabIndex={tab === name ? 0 : -1}
            className="demo-tab"
            onClick={() => select(name)}
            onKeyDown={onTabKeyDown}
          >
            {label(name)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${ids}-panel`}
        aria-labelledby={`${ids}-tab-${tab}`}
        className="demo-tabpanel"
      >
        {tab === 'setup' ? (
          <InterviewSetupForm
            interview={interview}
            user={user}
            colleagues={colleagues}
            text={text}
            onSaved={() => select('evaluation')}
          />
        ) : (
          <InterviewEvaluation interview={interview} user={user} locale={locale} text={text} />
        )}
      </div>
    </>
  );
}
