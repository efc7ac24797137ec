import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

export interface FailureLimiterParameters {
  /** Failed attempts allowed per client within `windowMs`. */
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
  /** Clients remembered at most; the oldest are forgotten first, so memory stays bounded. */
  maxClients?: number;
}

/** Counts failed authentications per client over a sliding window (in memory). */
export interface FailureLimiter {
  /** Seconds until the client may try again, or 0 when it is not limited. */
  retryAfterSeconds(client: string): number;
  recordFailure(client: string): void;
}

/** Creates a {@link FailureLimiter}: by default 10 failures per minute per client. */
export function createFailureLimiter({
  maxFailures = 10,
  windowMs = 60_000,
  now = Date.now,
  maxClients = 10_000,
}: FailureLimiterParameters = {}): FailureLimiter {
  const failures = new Map<string, number[]>();
  const recent = (client: string): number[] => {
    const since = now() - windowMs;
    const times = (failures.get(client) ?? []).filter((time) => time > since);
    if (times.length === 0) failures.delete(client);
    else failures.set(client, times);
    return times;
  };
  return {
    retryAfterSeconds(client) {
      const times = recent(client);
      if (times.length < maxFailures) return 0;
      return Math.max(1, Math.ceil((times[times.length - maxFailures]! + windowMs - now()) / 1000));
    },
    recordFailure(client) {
      const times = recent(client);
      times.push(now());
      failures.delete(client);
      failures.set(client, times);
      if (failures.size > maxClients) failures.delete(failures.keys().next().value!);
    },
  };
}

export interface AdminAuthParameters {
  adminToken: () => string | undefined;
  limiter: FailureLimiter;
  logger: Logger;
}

/**
 * Express middleware for `Authorization: Bearer <token>`. No configured token closes the API
 * (503) rather than opening it; a missing or wrong token is 401 and counts as a failure; a client
 * over the failure limit gets 429 with Retry-After before its token is even looked at. Logs name
 * the client and the reason, never the presented token.
 */
export function createAdminAuth({ adminToken, limiter, logger }: AdminAuthParameters) {
  return function adminAuth(req: Request, res: Response, next: NextFunction): void {
    const expected = adminToken();
    if (!expected) {
      res.status(503).json({ error: 'the admin API is disabled: set TREASURY_ADMIN_TOKEN (or TREASURY_ADMIN_TOKEN_FILE) to enable it' });
      return;
    }
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const retryAfter = limiter.retryAfterSeconds(client);
    if (retryAfter > 0) {
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({ error: 'too many failed authentication attempts; try again later' });
      return;
    }
    const presented = bearerToken(req.get('authorization'));
    if (presented !== undefined && tokensEqual(presented, expected)) {
      next();
      return;
    }
    limiter.recordFailure(client);
    const reason = presented === undefined ? 'missing bearer token' : 'wrong bearer token';
    logger.warn({ client, method: req.method, path: req.path, reason }, 'admin API authentication failed');
    res.setHeader('WWW-Authenticate', 'Bearer realm="treasury-exporter"');
    res.status(401).json({ error: presented === undefined ? 'missing bearer token' : 'invalid bearer token' });
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** Constant-time comparison; hashing first makes the inputs equal length, so the length does not leak either. */
export function tokensEqual(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
