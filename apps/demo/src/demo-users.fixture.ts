import type { DemoUserSummary } from './host-session';

/** acme's recruiter, as the host session summarises them: may set up meetings and send mail. */
export const acmeRecruiter: DemoUserSummary = {
  id: 'acme-recruiter',
  tenantId: 'acme',
  tenantName: '株式会社アクメ',
  role: 'recruiter',
  name: '山田 太郎',
  email: 'yamada@acme-hr.example',
  active: true,
};

/** acme's interviewer: may connect their own accounts only; invited to calendar events. */
export const acmeInterviewer: DemoUserSummary = {
  id: 'acme-interviewer',
  tenantId: 'acme',
  tenantName: '株式会社アクメ',
  role: 'interviewer',
  name: '鈴木 一郎',
  email: 'suzuki@acme-hr.example',
  active: true,
};
