/**
 * The HTTP surface of the exporter, built without listening (fastify/demo style) so tests drive
 * it on port 0 and `server/listen.ts` only binds and shuts down.
 */
import express, { type Express, type Router } from 'express';
import { gzipSync } from 'node:zlib';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { CachedExposition } from '../metrics/cachedExposition.js';

export interface AppDependencies {
  /** The last rendered treasury exposition; read per scrape, never recomputed by it. */
  exposition: CachedExposition;
  ready: () => { ready: boolean; reason?: string };
  /** The admin API (`/api/v1`, `/-/reload`); mounted when given. */
  adminRouter?: Router;
  version: string;
}

const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Builds the express app: `/metrics`, `/healthz`, `/readyz`, a landing page and the admin API. */
export function createApp({ exposition, ready, adminRouter, version }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every response body for an ETag: megabytes per scrape for nothing.
  app.set('etag', false);

  // Process metrics (CPU, memory, event loop) come from prom-client in their own registry; they
  // are a few dozen series whose cost does not depend on the size of the treasury.
  const processRegistry = new Registry();
  collectDefaultMetrics({ register: processRegistry });

  app.get('/metrics', async (req, res) => {
    const processText = await processRegistry.metrics();
    res.setHeader('Content-Type', EXPOSITION_CONTENT_TYPE);
    res.setHeader('Vary', 'Accept-Encoding');
    const gzipped = exposition.gzip;
    if (gzipped && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      // Concatenated gzip members are one valid gzip stream (RFC 1952 §2.2): only the small
      // process section is compressed per scrape.
      const tail = gzipSync(processText, { level: 1 });
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', gzipped.length + tail.length);
      res.write(gzipped);
      res.end(tail);
      return;
    }
    const tail = Buffer.from(processText, 'utf8');
    res.setHeader('Content-Length', exposition.identity.length + tail.length);
    res.write(exposition.identity);
    res.end(tail);
  });

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });

  app.get('/readyz', (_req, res) => {
    const status = ready();
    if (status.ready) res.type('text/plain').send('ready\n');
    else res.status(503).type('text/plain').send(`not ready: ${status.reason ?? 'starting'}\n`);
  });

  app.get('/', (_req, res) => {
    res.type('html').send(
      `<!doctype html><html><head><title>Treasury exporter</title></head><body>` +
        `<h1>Treasury Command Center exporter ${escapeHtml(version)}</h1>` +
        `<ul><li><a href="metrics">/metrics</a></li><li><a href="healthz">/healthz</a></li><li><a href="readyz">/readyz</a></li></ul>` +
        `</body></html>`,
    );
  });

  if (adminRouter) app.use(adminRouter);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
