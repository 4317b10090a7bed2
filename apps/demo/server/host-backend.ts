import { signHostToken } from '@ats-zoom/client/host';
import express, { type Request, type Response, Router } from 'express';
import {
  DemoInterviewStore,
  type InterviewSchedule,
  InterviewScheduleSchema,
} from './demo-interviews';
import { type DemoUser, demoUsers } from './demo-users';

export interface HostBackendOptions {
  /** Where the browser reaches the BFF. */
  bffUrl: string;
  /** Shared HS256 secret, the same the BFF verifies with. */
  hostTokenSecret: string;
  hostTokenIssuer: string;
  /**
   * The mock ATS's interviews.
   * @default a fresh seeded store per backend
   */
  interviews?: DemoInterviewStore;
}

/**
 * The mock ATS's own tiny backend. A real ATS signs the token for its signed-in user; the demo
 * lets anyone pick a user, which is the point of a demo and must never ship in a real host.
 */
export function createHostBackend(options: HostBackendOptions): Router {
  const router = Router();
  const interviews = options.interviews ?? new DemoInterviewStore();

  /** The signed-in demo user, picked by `?user=` like the token route; answers 401 when unknown. */
  const signedInUser = (req: Request, res: Response): DemoUser | undefined => {
    const user = demoUsers.find((candidate) => candidate.sub === req.query.user);
    if (!user) res.status(401).json({ error: 'unknown demo user' });
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

  router.get('/host-api/config', (_req, res) => {
    res.json({ bffUrl: options.bffUrl });
  });

  router.get('/host-api/users', (_req, res) => {
    res.json(
      demoUsers.map(({ sub, tid, tenantName, role, name, email }) => ({
        id: sub,
        tenantId: tid,
        tenantName,
        role,
        name,
        email,
      })),
    );
  });

  router.get('/host-api/token', async (req, res) => {
    const user = demoUsers.find((candidate) => candidate.sub === req.query.user);
    if (!user) {
      res.status(404).json({ error: 'unknown demo user' });
      return;
    }
    const expiresInSeconds = 300;
    const token = await signHostToken({
      secret: options.hostTokenSecret,
      issuer: options.hostTokenIssuer,
      user: { sub: user.sub, tid: user.tid, role: user.role, name: user.name, email: user.email },
      expiresInSeconds,
    });
    res.set('Cache-Control', 'no-store');
    res.json({ token, expiresAt: Date.now() + expiresInSeconds * 1000 });
  });

  return router;
}
