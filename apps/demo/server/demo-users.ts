import type { HostTokenClaims } from '@ats-zoom/contract';

/**
 * The mock ATS's accounts: two tenants, each with recruiters, a coordinator and interviewers
 * (acme has an interview panel of three more, whose Zoom accounts are in one company account).
 */
export interface DemoUser extends HostTokenClaims {
  tenantName: string;
}

export const demoUsers: DemoUser[] = [
  {
    sub: 'acme-recruiter',
    tid: 'acme',
    tenantName: '株式会社アクメ',
    role: 'recruiter',
    name: '山田 太郎',
    email: 'yamada@acme-hr.example',
  },
  {
    sub: 'acme-coordinator',
    tid: 'acme',
    tenantName: '株式会社アクメ',
    role: 'coordinator',
    name: '佐藤 花子',
    email: 'sato@acme-hr.example',
  },
  {
    sub: 'acme-interviewer',
    tid: 'acme',
    tenantName: '株式会社アクメ',
    role: 'interviewer',
    name: '鈴木 一郎',
    email: 'suzuki@acme-hr.example',
  },
  {
    sub: 'acme-interviewer-2',
    tid: 'acme',
    tenantName: '株式会社アクメ',
    role: 'interviewer',
    name: '小川 健一',
    email: 'ogawa@acme-hr.example',
  },
  {
    sub: 'acme-interviewer-3',
    tid: 'acme',
    tenantName: '株式会社アクメ',
    role: 'interviewer',
    name: '石井 真央',
    email: 'ishii@acme-hr.example',
  },
  {
    sub: 'acme-interviewer-4',
    tid: 'acme',
    tenantName: '株式会社アクメ',
    role: 'interviewer',
    name: '岡田 翔',
    email: 'okada@acme-hr.example',
  },
  {
    sub: 'acme-recruiter-2',
    tid: 'acme',
    tenantName: '株式会社アクメ',
    role: 'recruiter',
    name: '木村 直子',
    email: 'kimura@acme-hr.example',
  },
  {
    sub: 'globex-recruiter',
    tid: 'globex',
    tenantName: 'グロービクス株式会社',
    role: 'recruiter',
    name: '田中 次郎',
    email: 'tanaka@globex-hr.example',
  },
  {
    sub: 'globex-coordinator',
    tid: 'globex',
    tenantName: 'グロービクス株式会社',
    role: 'coordinator',
    name: '高橋 美咲',
    email: 'takahashi@globex-hr.example',
  },
  {
    sub: 'globex-interviewer',
    tid: 'globex',
    tenantName: 'グロービクス株式会社',
    role: 'interviewer',
    name: '伊藤 健',
    email: 'ito@globex-hr.example',
  },
];
