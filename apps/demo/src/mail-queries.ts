import { useQuery } from '@tanstack/react-query';
import { listMailCandidates, listMailTemplates, mailKeys } from './mail-api';

/** The tenant's candidates one can mail, shared by the mail screens through one cache entry. */
export function useMailCandidates(userId: string) {
  return useQuery({
    queryKey: mailKeys.candidates(userId),
    queryFn: () => listMailCandidates(userId),
  });
}

/** The tenant's saved mail templates, shared by the mail screens through one cache entry. */
export function useMailTemplates(userId: string) {
  return useQuery({
    queryKey: mailKeys.templates(userId),
    queryFn: () => listMailTemplates(userId),
  });
}
