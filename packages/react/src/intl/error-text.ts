import { isApiError } from '@ats-zoom/client';
import type { PassedOverHost } from '@ats-zoom/contract';
import { formatMessage } from './messages';
import type { UseMessagesResult } from './use-messages';

/** Hosts 自動で選ぶ passed over, each with why: `佐藤 花子 さん（予定あり）、…`. */
export function passedOverText(
  { t }: Pick<UseMessagesResult, 't'>,
  hosts: readonly Pick<PassedOverHost, 'ownerName' | 'reason'>[],
): string {
  return hosts
    .map(({ ownerName, reason }) => t(`autoHost.passed.${reason}`, { name: ownerName }))
    .join(t('list.separator'));
}

/**
 * What went wrong in a failed call and what to do (`errorMessage` for an `ApiError`, the generic
 * text for anything else), with what its problem tells: `Retry-After`, the calendar
 * (`provider`) and, for `no_host_available`, the hosts 自動で選ぶ passed over and why.
 */
export function errorTextOf(messages: UseMessagesResult, error: unknown): string {
  if (!isApiError(error)) return messages.errorMessage('generic');
  const { code, problem, retryAfterSeconds } = error;
  // `errorMessage` keeps the `{hosts}` it has no value for.
  return formatMessage(
    messages.errorMessage(code, undefined, retryAfterSeconds, problem?.provider),
    {
      hosts: passedOverText(messages, problem?.passedOver ?? []),
    },
  );
}
