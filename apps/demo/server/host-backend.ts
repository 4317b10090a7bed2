import { createAtsZoomClient, isApiError } from '@ats-zoom/client';
import { signHostToken } from '@ats-zoom/client/host';
import { USERS_MANAGE_SCOPE } from '@ats-zoom/contract';
import express, { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import {
  DemoInterviewStore,
  type InterviewSchedule,
  InterviewScheduleSchema,
} from './demo-interviews';
import {
  BulkSendBodySchema,
  DemoMailStore,
  type MailDelivery,
  MailTemplateInputSchema,
  SendMailBodySchema,
} from './demo-mail';
import { type DemoUser, demoUsers } from './demo-users';

/** Where the mock ATS's candidates live: mail dates are written in their time zone. */
const CANDIDATE_TIME_ZONE = 'Asia/Tokyo';

export interface HostBackendOptions {
  /** Where the browser reaches the BFF. */
  bffUrl: string;
  /** Shared HS256 secret, the same the BFF verifies with. */
  hostTokenSecret: string;
  hostTokenIssuer: string;
  /**
   * The provider emulator's Google Calendar page, when the demo runs on the emulator: the
   * 通知・連携 screen links to it so a person can see the events the BFF wrote.
   */
  calendarViewUrl?: string;
  /**
   * The provider emulator's Outlook calendar page, when Microsoft 365 is emulated: 通知・連携
   * links to it beside the Outlook row.
   */
  outlookCalendarViewUrl?: string;
  /**
   * The mock ATS's interviews.
   * @default a fresh seeded store per backend
   */
  interviews?: DemoInterviewStore;
  /**
   * The mock ATS's mail templates and sent mails.
   * @default a fresh seeded store per backend
   */
  mail?: DemoMailStore;
}

/** A candidate of the tenant, as the mail screens list them. */
export interface MailCandidate {
  id: string;
  name: string;
  position: string;
}

/**
 * The mock ATS's own tiny backend. A real ATS signs the token for its signed-in user; the demo
 * lets anyone pick a user, which is the point of a demo and must never ship in a real host.
 */
export function createHostBackend(options: HostBackendOptions): Router {
  const router = Router();
  const interviews = options.interviews ?? new DemoInterviewStore();
  const mail = options.mail ?? new DemoMailStore();
  /** The mock ATS's deactivated accounts (by `sub`): they cannot sign in until reactivated. */
  const deactivated = new Set<string>();

  const signTokenFor = (user: DemoUser, expiresInSeconds: number, scope?: string) =>
    signHostToken({
      secret: options.hostTokenSecret,
      issuer: options.hostTokenIssuer,
      user: {
        sub: user.sub,
        tid: user.tid,
        role: user.role,
        name: user.name,
        email: user.email,
        ...(scope === undefined ? {} : { scope }),
      },
      expiresInSeconds,
    });

  /**
   * The signed-in demo user, picked by `?user=` like the token route; answers 401 when unknown
   * and 403 when the account is deactivated (a deactivated ATS user cannot sign in).
   */
  const signedInUser = (req: Request, res: Response): DemoUser | undefined => {
    const user = demoUsers.find((candidate) => candidate.sub === req.query.user);
    if (!user) {
      res.status(401).json({ error: 'unknown demo user' });
      return undefined;
    }
    if (deactivated.has(user.sub)) {
      res.status(403).json({ error: 'user_deactivated' });
      return undefined;
    }
    return user;
  };

  /** Interviewers see interviews; only recruiters and coordinators schedule or cancel them. */
  const schedulingUser = (req: Request, res: Response): DemoUser | undefined => {
    const user = signedInUser(req, res);
    if (user && user.role === 'interviewer') {
      res.status(403).json({ error: 'interviewers cannot change interviews' });
      return undefined;
    }
    return user;
  };

  router.get('/host-api/interviews', (req, res) => {
    const user = signedInUser(req, res);
    if (!user) return;
    res.json({ interviews: interviews.list(user.tid) });
  });

  router.get('/host-api/interviews/:interviewId', (req, res) => {
    const user = signedInUser(req, res);
    if (!user) return;
    const interview = interviews.find(user.tid, req.params.interviewId);
    if (!interview) {
      res.status(404).json({ error: 'no such interview' });
      return;
    }
    res.json(interview);
  });

  router.put('/host-api/interviews/:interviewId/schedule', express.json(), (req, res) => {
    const user = schedulingUser(req, res);
    if (!user) return;
    const parsed = InterviewScheduleSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid schedule', issues: parsed.error.issues });
      return;
    }
    const schedule: InterviewSchedule = parsed.data;
    const interview = interviews.schedule(user.tid, req.params.interviewId, schedule);
    if (!interview) {
      res.status(404).json({ error: 'no such interview' });
      return;
    }
    res.json(interview);
  });

  router.post('/host-api/interviews/:interviewId/cancel', (req, res) => {
    const user = schedulingUser(req, res);
    if (!user) return;
    const interview = interviews.cancel(user.tid, req.params.interviewId);
    if (!interview) {
      res.status(404).json({ error: 'no such interview' });
      return;
    }
    res.json(interview);
  });

  /** Mail is for recruiters and coordinators: the BFF resolves variables only for them. */
  const mailUser = (req: Request, res: Response): DemoUser | undefined => {
    const user = signedInUser(req, res);
    if (user && user.role === 'interviewer') {
      res.status(403).json({ error: 'interviewers cannot send mail' });
      return undefined;
    }
    return user;
  };

  const candidatesOf = (tenantId: string): MailCandidate[] => {
    const byId = new Map<string, MailCandidate>();
    for (const interview of interviews.list(tenantId)) {
      byId.set(interview.candidateId, {
        id: interview.candidateId,
        name: interview.candidateName,
        position: interview.position,
      });
    }
    return [...byId.values()];
  };

  /** The tenant's candidates in the order asked; answers 404 when any is not the tenant's. */
  const tenantCandidates = (
    user: DemoUser,
    candidateIds: string[],
    res: Response,
  ): MailCandidate[] | undefined => {
    const known = new Map(candidatesOf(user.tid).map((candidate) => [candidate.id, candidate]));
    const unknown = candidateIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      // Another tenant's candidate is as unknown as a made-up id, and never reaches the BFF.
      res.status(404).json({ error: 'no such candidate', candidateIds: unknown });
      return undefined;
    }
    return candidateIds.map((id) => known.get(id) as MailCandidate);
  };

  const parseBody = <T extends z.ZodType>(
    schema: T,
    req: Request,
    res: Response,
  ): z.infer<T> | undefined => {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid request', issues: parsed.error.issues });
      return undefined;
    }
    return parsed.data;
  };

  /**
   * Resolves one mail for each candidate with ONE render call, as a real host's mail sender
   * would, and records the mails that resolved. Subject and body go in one text (the subject
   * is one line), so a bulk send stays one call however many recipients.
   */
  const sendMails = async (
    user: DemoUser,
    draft: { subject: string; body: string },
    recipients: MailCandidate[],
    /** The mail's language (the writer picks it; never the screen's). */
    locale: 'ja' | 'en' | undefined,
  ): Promise<MailDelivery[]> => {
    const bff = createAtsZoomClient({
      baseUrl: options.bffUrl,
      getToken: () => signTokenFor(user, 60),
    });
    const { results } = await bff.renderVariables({
      template: `${draft.subject}\n${draft.body}`,
      candidateIds: recipients.map((recipient) => recipient.id),
      locale,
      // The recipients' clock: this ATS's candidates are in Japan.
      timezone: CANDIDATE_TIME_ZONE,
    });
    return recipients.map((recipient): MailDelivery => {
      const result = results.find((item) => item.candidateId === recipient.id);
      if (!result) throw new Error(`the BFF answered no result for ${recipient.id}`);
      const base = {
        candidateId: recipient.id,
        candidateName: recipient.name,
        missing: result.missing,
        unknownTokens: result.unknownTokens,
      };
      if (result.status !== 'resolved' || result.text === null) {
        return { ...base, status: 'not_sent', subject: null, text: null };
      }
      const lineBreak = result.text.indexOf('\n');
      const subject = result.text.slice(0, lineBreak);
      const text = result.text.slice(lineBreak + 1);
      mail.recordSent({
        tenantId: user.tid,
        candidateId: recipient.id,
        candidateName: recipient.name,
        subject,
        text,
        sentBy: user.sub,
      });
      return { ...base, status: 'sent', subject, text };
    });
  };

  const answerSendFailure = (error: unknown, res: Response) => {
    if (isApiError(error) && error.code === 'template_malformed') {
      res.status(400).json({ error: 'template_malformed' });
      return;
    }
    res.status(502).json({
      error: 'variables could not be resolved',
      code: isApiError(error) ? error.code : 'unexpected',
    });
  };

  router.get('/host-api/mail/candidates', (req, res) => {
    const user = mailUser(req, res);
    if (!user) return;
    res.json({ candidates: candidatesOf(user.tid) });
  });

  router.get('/host-api/mail/templates', (req, res) => {
    const user = mailUser(req, res);
    if (!user) return;
    res.json({ templates: mail.listTemplates(user.tid) });
  });

  router.post('/host-api/mail/templates', express.json(), (req, res) => {
    const user = mailUser(req, res);
    if (!user) return;
    const input = parseBody(MailTemplateInputSchema, req, res);
    if (!input) return;
    res.status(201).json(mail.createTemplate(user.tid, input));
  });

  router.put('/host-api/mail/templates/:templateId', express.json(), (req, res) => {
    const user = mailUser(req, res);
    if (!user) return;
    const input = parseBody(MailTemplateInputSchema, req, res);
    if (!input) return;
    const template = mail.updateTemplate(user.tid, req.params.templateId, input);
    if (!template) {
      res.status(404).json({ error: 'no such template' });
      return;
    }
    res.json(template);
  });

  router.get('/host-api/mail/sent', (req, res) => {
    const user = mailUser(req, res);
    if (!user) return;
    res.json({ mails: mail.listSent(user.tid) });
  });

  router.post('/host-api/mail/send', express.json(), async (req, res) => {
    const user = mailUser(req, res);
    if (!user) return;
    const input = parseBody(SendMailBodySchema, req, res);
    if (!input) return;
    const recipients = tenantCandidates(user, [input.candidateId], res);
    if (!recipients) return;
    try {
      const [delivery] = await sendMails(user, input, recipients, input.locale);
      res.json({ delivery });
    } catch (error) {
      answerSendFailure(error, res);
    }
  });

  router.post('/host-api/mail/bulk-send', express.json(), async (req, res) => {
    const user = mailUser(req, res);
    if (!user) return;
    const input = parseBody(BulkSendBodySchema, req, res);
    if (!input) return;
    const template = mail.findTemplate(user.tid, input.templateId);
    if (!template) {
      res.status(404).json({ error: 'no such template' });
      return;
    }
    const recipients = tenantCandidates(user, input.candidateIds, res);
    if (!recipients) return;
    try {
      res.json({ deliveries: await sendMails(user, template, recipients, input.locale) });
    } catch (error) {
      answerSendFailure(error, res);
    }
  });

  router.get('/host-api/config', (_req, res) => {
    res.json({
      bffUrl: options.bffUrl,
      calendarViewUrl: options.calendarViewUrl ?? null,
      outlookCalendarViewUrl: options.outlookCalendarViewUrl ?? null,
    });
  });

  const summaryOf = ({ sub, tid, tenantName, role, name, email }: DemoUser) => ({
    id: sub,
    tenantId: tid,
    tenantName,
    role,
    name,
    email,
    active: !deactivated.has(sub),
  });

  router.get('/host-api/users', (_req, res) => {
    res.json(demoUsers.map(summaryOf));
  });

  /**
   * The ATS deactivates or reactivates one of its accounts, and tells the BFF: the account's
   * Zoom link stops (or starts again) being offered as a host, and nothing is revoked. In the
   * demo a recruiter administers the other accounts of their company; the backend signs its own
   * short-lived token with the `users:manage` scope for the call (never handed to a browser).
   */
  router.put('/host-api/users/:userId/status', express.json(), async (req, res) => {
    const admin = signedInUser(req, res);
    if (!admin) return;
    if (admin.role !== 'recruiter') {
      res.status(403).json({ error: 'only recruiters manage users in this demo' });
      return;
    }
    const target = demoUsers.find(
      (candidate) => candidate.sub === req.params.userId && candidate.tid === admin.tid,
    );
    if (!target) {
      // Another company's account is as unknown as a made-up one.
      res.status(404).json({ error: 'no such user' });
      return;
    }
    if (target.sub === admin.sub) {
      res.status(409).json({ error: 'you cannot deactivate yourself' });
      return;
    }
    const body = req.body as { active?: unknown } | undefined;
    if (typeof body?.active !== 'boolean') {
      res.status(400).json({ error: 'send { "active": true | false }' });
      return;
    }
    const active = body.active;
    const bff = createAtsZoomClient({
      baseUrl: options.bffUrl,
      getToken: () => signTokenFor(admin, 60, USERS_MANAGE_SCOPE),
    });
    try {
      await bff.setUserStatus(target.sub, active);
    } catch (error) {
      res.status(502).json({
        error: 'the BFF did not take the status',
        code: isApiError(error) ? error.code : 'unexpected',
      });
      return;
    }
    if (active) deactivated.delete(target.sub);
    else deactivated.add(target.sub);
    res.json(summaryOf(target));
  });

  router.get('/host-api/token', async (req, res) => {
    const user = demoUsers.find((candidate) => candidate.sub === req.query.user);
    if (!user) {
      res.status(404).json({ error: 'unknown demo user' });
      return;
    }
    if (deactivated.has(user.sub)) {
      res.status(403).json({ error: 'user_deactivated' });
      return;
    }
    const expiresInSeconds = 300;
    const token = await signTokenFor(user, expiresInSeconds);
    res.set('Cache-Control', 'no-store');
    res.json({ token, expiresAt: Date.now() + expiresInSeconds * 1000 });
  });

  return router;
}
