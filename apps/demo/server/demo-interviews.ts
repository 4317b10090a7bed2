import { z } from 'zod';

/** How the interview takes place: a Zoom web interview, or in person at the office. */
export const interviewFormats = ['zoom', 'in_person'] as const;
export type InterviewFormat = (typeof interviewFormats)[number];

/** When and how, as the ATS records it (its own data; the Zoom meeting lives in the BFF). */
export const InterviewScheduleSchema = z.strictObject({
  /** Calendar date in Asia/Tokyo, `YYYY-MM-DD`. */
  date: z.iso.date(),
  /** Start time in Asia/Tokyo, `HH:mm`. */
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** The set-up screen offers 30 to 90; a time taken from Zoom (changed there) may be any length. */
  durationMinutes: z.number().int().min(15).max(480),
  format: z.enum(interviewFormats),
  joinBeforeHost: z.boolean(),
});
export type InterviewSchedule = z.infer<typeof InterviewScheduleSchema>;

/** One interview of one candidate in the mock ATS. */
export interface DemoInterview {
  id: string;
  tenantId: string;
  candidateId: string;
  candidateName: string;
  position: string;
  stage: string;
  /** `scheduled` once saved, `cancelled` after 面接を取り消す, `unscheduled` before. */
  status: 'unscheduled' | 'scheduled' | 'cancelled';
  schedule: InterviewSchedule | null;
}

function unscheduled(
  tenantId: string,
  id: string,
  candidateId: string,
  candidateName: string,
  position: string,
): DemoInterview {
  return {
    id,
    tenantId,
    candidateId,
    candidateName,
    position,
    stage: '一次面接',
    status: 'unscheduled',
    schedule: null,
  };
}

function seedInterviews(): DemoInterview[] {
  return [
    unscheduled('acme', 'iv-acme-001', 'cand-acme-001', '山本 さくら', 'バックエンドエンジニア'),
    unscheduled('acme', 'iv-acme-002', 'cand-acme-002', '中村 大輔', 'プロダクトデザイナー'),
    unscheduled('acme', 'iv-acme-003', 'cand-acme-003', '小林 結衣', '法人営業'),
    unscheduled('acme', 'iv-acme-004', 'cand-acme-004', '森 悠人', 'インフラエンジニア'),
    unscheduled('acme', 'iv-acme-005', 'cand-acme-005', '藤田 樹', 'QA エンジニア'),
    unscheduled('globex', 'iv-globex-001', 'cand-globex-001', '松本 蓮', 'データアナリスト'),
    unscheduled('globex', 'iv-globex-002', 'cand-globex-002', '井上 葵', 'カスタマーサクセス'),
    unscheduled('globex', 'iv-globex-003', 'cand-globex-003', '清水 陽太', '人事'),
  ];
}

/**
 * The mock ATS's interviews, in memory and per host backend instance, so two stacks (or two
 * tests) never share data. Every read and write is scoped to one tenant.
 */
export class DemoInterviewStore {
  readonly #interviews = new Map<string, DemoInterview>(
    seedInterviews().map((interview) => [interview.id, interview]),
  );

  list(tenantId: string): DemoInterview[] {
    return [...this.#interviews.values()]
      .filter((interview) => interview.tenantId === tenantId)
      .map((interview) => structuredClone(interview));
  }

  /** Undefined for an unknown id and for another tenant's interview alike. */
  find(tenantId: string, interviewId: string): DemoInterview | undefined {
    const interview = this.#interviews.get(interviewId);
    return interview?.tenantId === tenantId ? structuredClone(interview) : undefined;
  }

  schedule(
    tenantId: string,
    interviewId: string,
    schedule: InterviewSchedule,
  ): DemoInterview | undefined {
    const interview = this.#interviews.get(interviewId);
    if (interview?.tenantId !== tenantId) return undefined;
    interview.schedule = { ...schedule };
    interview.status = 'scheduled';
    return structuredClone(interview);
  }

  /** Keeps the last schedule for the record, marked cancelled. */
  cancel(tenantId: string, interviewId: string): DemoInterview | undefined {
    const interview = this.#interviews.get(interviewId);
    if (interview?.tenantId !== tenantId) return undefined;
    interview.status = 'cancelled';
    return structuredClone(interview);
  }
}
