import type { DemoUserSummary } from './host-session';

/** acme's recruiter, as the host session summarises them: may set up meetings and send mail. */
export const acmeRecruiter: DemoUserSummary = {
  id: 'acme-recruiter',
  tenantId: 'acme',
  tenantName: '株式会社アクメ',
  role: 'recruiter',
  name: '山田 太郎',
  email: 'yamada@acme-hr.example',
};
