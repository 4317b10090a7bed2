import type { Connection, LinkParty } from '@ats-zoom/contract';
import type { ConnectionRecord, LinkPartyRecord } from '../ports';

function linkPartyView(party: LinkPartyRecord | null, viewerTenantId: string): LinkParty | null {
  if (!party) return null;
  // Another tenant's user is never named, nor identified by id.
  if (party.tenantId !== viewerTenantId) return { scope: 'other_tenant' };
  return { scope: 'same_tenant', userName: party.userName };
}

/** The contract's view of a stored link, as seen by a user of `viewerTenantId`. */
export function toConnectionView(record: ConnectionRecord, viewerTenantId: string): Connection {
  return {
    id: record.id,
    provider: record.provider,
    status: record.status,
    email: record.email,
    displayName: record.displayName,
    accountType: record.accountType,
    connectedAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    movedFrom: linkPartyView(record.movedFrom, viewerTenantId),
    movedTo: linkPartyView(record.movedTo, viewerTenantId),
  };
}
