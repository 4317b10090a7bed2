import type { ApiError } from '@ats-zoom/client';
import type { InterviewMeeting, SaveMeetingInput } from '@ats-zoom/contract';
import type { UseMutationResult } from '@tanstack/react-query';
import { useRef } from 'react';
import { useMeetingMutation } from './meeting-queries';

export type UseSaveInterviewMeetingResult = UseMutationResult<
  InterviewMeeting,
  ApiError | Error,
  SaveMeetingInput
>;

/**
 * Same content, same text, whatever the key order the caller built the body (and its calendar)
 * with: an array replacer lists the properties to write, in its order, for objects at every depth,
 * so a first pass collects every key and the second writes them sorted.
 */
function fingerprintOf(body: SaveMeetingInput): string {
  const keys: string[] = [];
  JSON.stringify(body, (key, value) => {
    keys.push(key);
    return value;
  });
  return JSON.stringify(body, keys.sort());
}

/**
 * Issues, reschedules or moves the interview's meeting (`PUT .../meeting`), with its Google
 * Calendar step when the body has `calendar.register` (PUT is full state: without it an event
 * registered earlier is removed). One `Idempotency-Key` stands for one user intent: retrying the
 * same body after a failure (or a lost answer) reuses it, so the BFF replays instead of issuing
 * twice; a different body, or a save after a success, gets a new key. On success the meeting,
 * host lists and previews refresh.
 */
export function useSaveInterviewMeeting(interviewId: string): UseSaveInterviewMeetingResult {
  const intentRef = useRef<[fingerprint: string, key: string] | null>(null);

  return useMeetingMutation(interviewId, (client, setMeeting, refetch, keys) => ({
    mutationFn: (body: SaveMeetingInput) => {
      const fingerprint = fingerprintOf(body);
      if (intentRef.current?.[0] !== fingerprint) {
        intentRef.current = [fingerprint, crypto.randomUUID()];
      }
      return client.saveInterviewMeeting(interviewId, body, {
        idempotencyKey: intentRef.current[1],
      });
    },
    onSuccess: (meeting, body) => {
      // The intent is done: saving the same body again later (a re-issue) is a new intent.
      if (intentRef.current?.[0] === fingerprintOf(body)) intentRef.current = null;
      setMeeting(meeting);
      // The saved meeting too, then everything a write changes.
      return refetch(keys);
    },
  }));
}
