export type DemoLocale = 'ja' | 'en';

/** The mock ATS's own words (the kit's components bring their own messages). */
export const demoText = {
  ja: {
    product: 'Mock ATS 採用管理',
    signedInAs: 'ログイン中のユーザー',
    language: '表示言語',
    myAccount: 'マイアカウント',
    integrations: '通知・連携',
    integrationsLead: '外部サービスと連携すると、面接の URL 発行や予定の登録ができます。',
    service: 'サービス',
    description: '説明',
    status: '連携状況',
    zoomName: 'Zoom Meeting',
    zoomDescription: 'Web面接の URL を Zoom で発行します。',
    roles: { recruiter: 'リクルーター', coordinator: 'コーディネーター', interviewer: '面接官' },
    loading: '読み込み中…',
  },
  en: {
    product: 'Mock ATS Recruiting',
    signedInAs: 'Signed in as',
    language: 'Language',
    myAccount: 'My account',
    integrations: 'Notifications & integrations',
    integrationsLead: 'Connect services to issue interview URLs and register events.',
    service: 'Service',
    description: 'Description',
    status: 'Status',
    zoomName: 'Zoom Meeting',
    zoomDescription: 'Issues web interview URLs with Zoom.',
    roles: { recruiter: 'Recruiter', coordinator: 'Coordinator', interviewer: 'Interviewer' },
    loading: 'Loading…',
  },
} as const;
