import { errorTextOf, useMessages } from '@ats-zoom/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { type DemoText, fill } from './demo-text';
import type { DemoUserSummary } from './host-session';
import { type DemoInterview, durationChoices, interviewKeys } from './interviews-api';

/** Shows the interview the mock ATS saved on both screens (this one at once, the list refetched). */
export function useShowSavedInterview(user: DemoUserSummary, interviewId: string) {
  const queryClient = useQueryClient();
  return (saved: DemoInterview) => {
    queryClient.setQueryData(interviewKeys.one(user.id, interviewId), saved);
    return queryClient.invalidateQueries({ queryKey: interviewKeys.all(user.id) });
  };
}

/** A change to the interview in the mock ATS; on success both screens show the saved record. */
export function useInterviewMutation<TVariables = void>(
  user: DemoUserSummary,
  interviewId: string,
  change: (variables: TVariables) => Promise<DemoInterview>,
) {
  return useMutation({
    mutationFn: change,
    onSuccess: useShowSavedInterview(user, interviewId),
  });
}

export interface ScheduleFieldsProps {
  text: DemoText;
  date: string;
  onDateChange: (date: string) => void;
  startTime: string;
  onStartTimeChange: (startTime: string) => void;
  durationMinutes: number;
  onDurationChange: (minutes: number) => void;
}

/** 日付, 開始時刻 and 所要時間: when the interview is, as both the set-up and the reschedule ask it. */
export function ScheduleFields({
  text,
  date,
  onDateChange,
  startTime,
  onStartTimeChange,
  durationMinutes,
  onDurationChange,
}: ScheduleFieldsProps) {
  const ids = useId();
  return (
    <>
      <div className="demo-form-row">
        <label className="demo-form-label" htmlFor={`${ids}-date`}>
          {text.date}
        </label>
        <input
          id={`${ids}-date`}
          type="date"
          required
          value={date}
          onChange={(event) => onDateChange(event.target.value)}
        />
      </div>
      <div className="demo-form-row">
        <label className="demo-form-label" htmlFor={`${ids}-time`}>
          {text.startTime}
        </label>
        <input
          id={`${ids}-time`}
          type="time"
          required
          step={900}
          value={startTime}
          onChange={(event) => onStartTimeChange(event.target.value)}
        />
      </div>
      <div className="demo-form-row">
        <label className="demo-form-label" htmlFor={`${ids}-duration`}>
          {text.duration}
        </label>
        <select
          id={`${ids}-duration`}
          value={durationMinutes}
          onChange={(event) => onDurationChange(Number(event.target.value))}
        >
          {/* A length taken from Zoom may be none of the choices: it is offered too. */}
          {[...new Set([...durationChoices, durationMinutes])].map((minutes) => (
            <option key={minutes} value={minutes}>
              {fill(text.minutes, { minutes })}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

export interface SaveErrorsProps {
  /** What the BFF (Zoom's side) answered, shown as the kit's localized message. */
  zoomError: unknown;
  /** What the mock ATS answered when recording the schedule. */
  atsError: unknown;
  text: DemoText;
}

/** The alerts of a save that touches Zoom first and the ATS's own record after it. */
export function SaveErrors({ zoomError, atsError, text }: SaveErrorsProps) {
  const messages = useMessages();
  return (
    <>
      {zoomError ? (
        <p role="alert" className="demo-error">
          {/* The BFF's reason in the user's language: the wait, the calendar, who was busy. */}
          {errorTextOf(messages, zoomError)}
        </p>
      ) : null}
      {atsError ? (
        <p role="alert" className="demo-error">
          {text.scheduleSaveFailed}
        </p>
      ) : null}
    </>
  );
}
