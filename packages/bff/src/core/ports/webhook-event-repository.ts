import type { Provider } from '@ats-zoom/contract';

export interface WebhookEventRepository {
  /** Records a delivery key; false when it was seen before (a redelivery). */
  recordIfNew(provider: Provider, eventKey: string, receivedAt: Date): Promise<boolean>;
}
