import type { ApiError } from '@ats-zoom/client';
import type { InterviewMeeting, SaveMeetingInput } from '@ats-zoom/contract';
import { type UseMutationResult, useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { variableQueryKeys } from '../variables/variable-queries';
import { meetingKeys } from './meeting-queries';

export type UseSaveInterviewMeetingResult = UseMutationResult<
  InterviewMeeting,
  ApiError | Error,
  SaveMeetingInput
>;

/** Objects with their keys sorted at every depth (arrays keep their order). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, item]) => [key, sortedKeys(item)]),
  );
}

/** Same content, same text, whatever the key order the caller built the body (and its calendar) with. */
function fingerprintOf(body: SaveMeetingInput): string {
  return JSON.stringify(sortedKeys(body));
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
  const { client, queryClient } = useAtsZoomContext();
  const intentRef = useRef<{ fingerprint: string; key: string } | null>(null);

  return useMutation(
    {
      mutationFn: (body: SaveMeetingInput) => {
        const fingerprint = fingerprintOf(body);
        if (intentRef.current?.fingerprint !== fingerprint) {
          intentRef.current = { fingerprint, key: crypto.randomUUID() };
        }
        return client.saveInterviewMeeting(interviewId, body, {
          idempotencyKey: intentRef.current.key,
        });
      },
      onSuccess: async (meeting, body) => {
        // The intent is done: saving the same body again later (a re-issue) is a new intent.
        if (intentRef.current?.fingerprint === fingerprintOf(body)) intentRef.current = null;
        queryClient.setQueryData(meetingKeys.meeting(client.baseUrl, interviewId), meeting);
        await Promise.all([
          queryClient.invalidateQueries({
            queryKey: meetingKeys.meeting(client.baseUrl, interviewId),
          }),
          queryClient.invalidateQueries({ queryKey: meetingKeys.hostsAll(client.baseUrl) }),
          queryClient.invalidateQueries({ queryKey: meetingKeys.previewsAll(client.baseUrl) }),
          // The candidate's next interview, so its variables' availability and values, may change.
          queryClient.invalidateQueries({ queryKey: variableQueryKeys.all(client.baseUrl) }),
        ]);
      },
    },
    queryClient,
  );
}
