import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { signInBody, signUpBody } from '../../shared/api/schemas.js';
import { newPassword } from '../auth/password-policy.js';
import { signInLimits } from '../auth/throttle.js';
import { validate } from '../http/validate.js';
import { apiError, unauthorized } from '../http/errors.js';
import { verifyNobody, verifyPassword } from '../auth/passwords.js';
import { countUsers, findUserByEmail } from '../../db/repos/users.js';
import { lookUpInvitation, signUp } from '../services/accounts.js';
import { invitationTokenParam, type InvitationResponses } from '../../shared/api/invitations.js';
import { presentUser } from '../presenters/people.js';
import { requireActor } from '../auth/middleware.js';
import type { ApiResponses } from '../../shared/api/responses.js';

function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** First-run setup and sign-up by invitation set a password: it gets the full check. */
const signUpRequest = signUpBody.extend({ password: newPassword });

export function authRoutes(deps: AppDeps) {
  const { db, sessions, throttle } = deps;
  return new Hono<AppEnv>()
    .get('/status', async (c) => c.json({ firstRun: (await countUsers(db)) === 0 } satisfies ApiResponses['authStatus'], 200))

    // Public: the sign-up page shows the invited address (fixed) and whether the link still works.
    .get('/invitations/:token', validate('param', invitationTokenParam), async (c) => {
      const invitation = await lookUpInvitation(db, c.req.valid('param').token);
      return c.json({ invitation } satisfies InvitationResponses['invitationLookup'], 200);
    })

    .post('/sign-up', validate('json', signUpRequest), async (c) => {
      const user = await signUp(db, c.req.valid('json'));
      const session = await sessions.create(user.id);
      c.header('Set-Cookie', session.cookie, { append: true });
      return c.json({ user: presentUser(user) } satisfies ApiResponses['signUp'], 201);
    })

    .post('/sign-in', validate('json', signInBody), async (c) => {
      const { email, password } = c.req.valid('json');
      const limits = signInLimits(email, clientAddress(c, deps.config.trustProxy));
      // Counted before argon2 runs, so at most `max` verifications per key and window, however many arrive at once.
      const { attempt, retryAfter } = await throttle.reserve([limits.pair, limits.account, limits.address]);
      if (!attempt) {
        throw apiError(429, `too many failed sign-in attempts; try again in ${retryAfter} seconds`, undefined, {
          'Retry-After': String(retryAfter),
        });
      }
      const user = await findUserByEmail(db, email);
      const ok = user ? await verifyPassword(user.password_hash, password) : await verifyNobody(password);
      if (!user || !ok) throw unauthorized('wrong email or password'); // the attempt stays counted
      // The owner, from this address: their earlier slips here are forgiven. Elsewhere only this attempt is.
      await throttle.refund(attempt);
      await throttle.clear(limits.pair.key);
      const session = await sessions.create(user.id);
      c.header('Set-Cookie', session.cookie, { append: true });
      return c.json({ user: presentUser(user) } satisfies ApiResponses['signIn'], 200);
    })

    .post('/sign-out', async (c) => {
      requireActor(c);
      const sessionId = sessions.readCookie(c.req.header('cookie'));
      if (sessionId) {
        await sessions.invalidate(sessionId);
        await deps.bus.publish({ type: 'session.ended', sessionId });
      }
      c.header('Set-Cookie', sessions.blankCookie(), { append: true });
      return c.json({ ok: true } satisfies ApiResponses['signOut'], 200);
    });
}
