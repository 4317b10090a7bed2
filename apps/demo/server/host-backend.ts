import { signHostToken } from '@ats-zoom/client/host';
import { Router } from 'express';
import { demoUsers } from './demo-users';

export interface HostBackendOptions {
  /** Where the browser reaches the BFF. */
  bffUrl: string;
  /** Shared HS256 secret, the same the BFF verifies with. */
  hostTokenSecret: string;
  hostTokenIssuer: string;
}

/**
 * The mock ATS's own tiny backend. A real ATS signs the token for its signed-in user; the demo
 * lets anyone pick a user, which is the point of a demo and must never ship in a real host.
 */
export function createHostBackend(options: HostBackendOptions): Router {
  const router = Router();

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
