import type { ApiError } from '@ats-zoom/client';
import type { InterviewMeeting, SaveMeetingBody } from '@ats-zoom/contract';
import { type UseMutationResult, useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { useAtsZoomContext } from '../provider/ats-zoom-context';
import { variableQueryKeys } from '../variables/variable-queries';
import { meetingKeys } from './meeting-queries';

export type UseSaveInterviewMeetingResult = UseMutationResult<
  InterviewMeeting,
  ApiError | Error,
  SaveMeetingBody
>;

/** Same content, same text, whatever the key order the caller built the body with. */
function fingerprintOf(body: SaveMeetingBody): string {
  return JSON.stringify(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Issues, reschedules or moves the interview's meeting (`PUT .../meeting`). One
 * `Idempotency-Key` stands for one user intent: retrying the same body after a failure (or a
 * lost answer) reuses it, so the BFF replays instead of issuing twice; a different body, or a
 * save after a success, gets a new key. On success the meeting, host lists and previews refresh.
 */
export function useSaveInterviewMeeting(interviewId: string): UseSaveInterviewMeetingResult {
  const { client, queryClient } = useAtsZoomContext();
  const intentRef = useRef<{ fingerprint: string; key: string } | null>(null);

  return useMutation(
    {
      mutationFn: (body: SaveMeetingBody) => {
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
