import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import { parseDocument } from 'yaml';
import { formatIssue, parseConfigText, type ConfigStore, type Environment, type ReloadResult } from '../../config/index.js';
import { parseAccountBody, type AccountInput } from './account-body.js';
import { writeFileAtomic } from './atomic-write.js';
import { openAuditLog, type AuditRecord } from './audit-log.js';
import { createAdminAuth, createFailureLimiter, type FailureLimiterParameters } from './auth.js';
import { formatEtag, ifMatchSatisfied, sha256Hex } from './etag.js';
import { createMutex } from './mutex.js';
import { configSecrets, redactErrorText } from './redact.js';
import { accountView, networksView } from './views.js';
import { editAccountsText, type AccountEdit } from './yaml-accounts.js';

/** Health of one poll target, as the poll runner knows it. */
export interface TargetStatus {
  network: string;
  target: string;
  up: boolean;
  /** Unix seconds of the last successful poll, null if none yet. */
  last_success: number | null;
  last_error: string | null;
}

export interface AdminRouterDeps {
  configPath: string;
  store: ConfigStore;
  /** Read per request, so a rotated token file takes effect without a restart. */
  adminToken: () => string | undefined;
  auditLogPath: string;
  statusProvider: () => TargetStatus[];
  logger: Logger;
  now?: () => Date;
  /** Reloads after a write and on `POST /-/reload`; defaults to `store.reload()`. */
  reload?: () => Promise<ReloadResult>;
  /** Values for `${VAR}` when validating a write; should be the store's. Defaults to `process.env`. */
  env?: Environment;
  /** Failed-authentication limit; default 10 per minute per client address. */
  authFailureLimit?: FailureLimiterParameters;
  /** Largest request body accepted, bytes; default 16 KiB. */
  maxBodyBytes?: number;
  /** Called with each audit record once it is on disk (the ledger subscribes here); must not block. */
  onConfigChange?: (record: AuditRecord) => void;
}

const INTERPOLATION_REFUSED = 'a "${…}" reference can only be written by hand in the file (an API write could otherwise copy any environment variable into a label)';

/**
 * The admin API (`/api/v1/*` and `POST /-/reload`) as an express router; mount it on the app.
 * Reads come from the file itself, so the ETag (sha256 of its bytes) changes with a hand edit
 * too. Writes run one at a time: under one mutex the file is read, its hash compared with
 * `If-Match`, the edit spliced into the YAML, validated by the config schema, written atomically,
 * audited, and the config reloaded.
 */
export function createAdminRouter({
  configPath,
  store,
  adminToken,
  auditLogPath,
  statusProvider,
  logger,
  now = () => new Date(),
  reload = () => store.reload(),
  env = process.env,
  authFailureLimit,
  maxBodyBytes = 16 * 1024,
  onConfigChange,
}: AdminRouterDeps): Router {
  const router = express.Router();
  const log = logger.child({ component: 'admin-api' });
  const writes = createMutex();
  const file = basename(configPath);
  const auth = createAdminAuth({ adminToken, limiter: createFailureLimiter(authFailureLimit), logger: log });
  const jsonBody = express.json({ limit: maxBodyBytes, strict: true, type: () => true });

  router.use('/api/v1', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use('/api/v1', auth);
  router.post('/-/reload', auth);

  async function readSnapshot(): Promise<Snapshot> {
    const bytes = await readFile(configPath);
    return snapshotOf(bytes.toString('utf8'), sha256Hex(bytes));
  }

  function snapshotOf(text: string, sha256: string): Snapshot {
    const doc = parseDocument(text, { prettyErrors: false });
    const accounts = doc.errors.length > 0 ? [] : (doc.toJS() as { accounts?: unknown } | null)?.accounts;
    const list = Array.isArray(accounts) ? accounts.map(accountView).filter((view) => view !== null) : [];
    return { text, sha256, accounts: list };
  }

  router.get('/api/v1/accounts', async (_req, res) => {
    const snapshot = await readSnapshot();
    const validation = parseConfigText(snapshot.text, { file, env });
    res.setHeader('ETag', formatEtag(snapshot.sha256));
    res.json({
      accounts: snapshot.accounts,
      etag: formatEtag(snapshot.sha256),
      valid: validation.ok,
      ...(validation.ok ? {} : { issues: validation.issues.map(formatIssue) }),
    });
  });

  router.get('/api/v1/accounts/:name', async (req, res) => {
    const snapshot = await readSnapshot();
    const account = snapshot.accounts.find((item) => item.name === req.params.name);
    res.setHeader('ETag', formatEtag(snapshot.sha256));
    if (!account) res.status(404).json({ error: `account "${req.params.name}" does not exist` });
    else res.json({ account, etag: formatEtag(snapshot.sha256) });
  });

  router.get('/api/v1/networks', (_req, res) => {
    res.json(networksView(store.current.config));
  });

  router.get('/api/v1/status', (_req, res) => {
    const secrets = [...configSecrets(store.current.config)];
    const token = adminToken();
    if (token) secrets.push(token);
    const targets = statusProvider().map((target) => ({
      network: target.network,
      target: redactErrorText(target.target, secrets),
      up: target.up,
      last_success: target.last_success,
      last_error: target.last_error === null ? null : redactErrorText(target.last_error, secrets),
    }));
    res.json({
      targets,
      config: {
        sha256: store.current.sha256,
        loaded_at: Math.floor(store.current.loadedAt / 1000),
        last_reload_successful: store.lastReloadSuccessful,
        last_reload_success_timestamp: store.lastReloadSuccessTimestamp,
      },
    });
  });

  router.post('/-/reload', async (_req, res) => {
    const outcome = await reload();
    if (outcome.status === 'failed') {
      res.status(500).json({ error: 'reload failed; the previous config keeps running', issues: outcome.issues.map(formatIssue) });
    } else res.json({ status: outcome.status });
  });

  router.post('/api/v1/accounts', requireJson, jsonBody, async (req, res) => {
    const body = parseAccountBody(req.body);
    if (!body.ok) return void badRequest(res, body.issues);
    await write(req, res, { action: 'create', account: body.account });
  });

  router.put('/api/v1/accounts/:name', requireJson, jsonBody, async (req, res) => {
    const body = parseAccountBody(req.body, { nameFromPath: String(req.params.name) });
    if (!body.ok) return void badRequest(res, body.issues);
    await write(req, res, { action: 'update', name: String(req.params.name), account: body.account });
  });

  router.delete('/api/v1/accounts/:name', async (req, res) => {
    await write(req, res, { action: 'delete', name: String(req.params.name) });
  });

  async function write(req: Request, res: Response, edit: AccountEdit): Promise<void> {
    const ifMatch = req.get('if-match');
    if (!ifMatch) {
      res.status(428).json({ error: 'If-Match is required: send the ETag from GET /api/v1/accounts' });
      return;
    }
    await writes.runExclusive(async () => {
      const snapshot = await readSnapshot();
      if (!ifMatchSatisfied(ifMatch, snapshot.sha256)) {
        res.setHeader('ETag', formatEtag(snapshot.sha256));
        res.status(412).json({
          error: 'config changed since you read it',
          current: { accounts: snapshot.accounts, etag: formatEtag(snapshot.sha256) },
        });
        return;
      }
      const edited = editAccountsText(snapshot.text, edit);
      if (!edited.ok) {
        const status = edited.reason === 'not_found' ? 404 : 409;
        res.status(status).json({ error: edited.message });
        return;
      }
      const introduced = edited.after ? newInterpolations(edited.after, edited.before) : [];
      if (introduced.length > 0) {
        badRequest(res, introduced.map((path) => `${path}: ${INTERPOLATION_REFUSED}`));
        return;
      }
      if (edited.text === snapshot.text) {
        // A PUT of the account exactly as it is: nothing to write, audit or reload.
        res.setHeader('ETag', formatEtag(snapshot.sha256));
        res.json({ account: edited.after, etag: formatEtag(snapshot.sha256), reload: 'unchanged' });
        return;
      }
      const validation = parseConfigText(edited.text, { file, env });
      if (!validation.ok) {
        res.status(400).json({ error: 'invalid account', issues: validation.issues.map(formatIssue) });
        return;
      }

      const accountName = edit.action === 'create' ? edit.account.name : edit.name;
      const newSha256 = sha256Hex(Buffer.from(edited.text, 'utf8'));
      const record: AuditRecord = {
        time: now().toISOString(),
        actor: actorOf(req),
        action: edit.action,
        account: accountName,
        before: edited.before,
        after: edited.after,
        etag_before: formatEtag(snapshot.sha256),
        etag_after: formatEtag(newSha256),
      };
      // Opened first: if the audit log cannot be written, the config is not either.
      const audit = await openAuditLog(auditLogPath);
      try {
        await writeFileAtomic(configPath, edited.text);
        await audit.append(record);
      } finally {
        await audit.close();
      }
      try {
        onConfigChange?.(record);
      } catch (error) {
        // The write is done and audited; a subscriber's failure must not turn it into an error.
        log.error({ err: String(error) }, 'config change subscriber failed');
      }
      log.info({ action: edit.action, account: accountName, actor: record.actor, preserved_layout: edited.preservedLayout }, 'config written by the admin API');
      if (!edited.preservedLayout) log.warn('the accounts section had a layout the editor cannot splice; the file was re-rendered by the yaml library');

      const outcome = await reload();
      res.setHeader('ETag', formatEtag(newSha256));
      const status = edit.action === 'create' ? 201 : 200;
      res.status(status).json({
        ...(edited.after ? { account: edited.after } : { deleted: accountName }),
        etag: formatEtag(newSha256),
        reload: outcome.status,
        ...(outcome.status === 'failed' ? { reload_issues: outcome.issues.map(formatIssue) } : {}),
      });
    });
  }

  router.all('/api/v1/accounts', methodNotAllowed('GET, POST'));
  router.all('/api/v1/accounts/:name', methodNotAllowed('GET, PUT, DELETE'));
  router.all(['/api/v1/networks', '/api/v1/status'], methodNotAllowed('GET'));
  router.use('/api/v1', (_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') return void res.status(413).json({ error: `body larger than ${maxBodyBytes} bytes` });
    if (type === 'entity.parse.failed') return void res.status(400).json({ error: 'body is not a valid JSON object' });
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return void res.status(415).json({ error: 'body must be UTF-8 JSON' });
    }
    if (!req.path.startsWith('/api/v1') && req.path !== '/-/reload') return next(error);
    log.error({ err: error, method: req.method, path: req.path }, 'admin API request failed');
    res.status(500).json({ error: 'internal error; see the exporter log' });
  });

  return router;
}

interface Snapshot {
  text: string;
  sha256: string;
  accounts: Record<string, unknown>[];
}

function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('application/json')) {
    res.status(415).json({ error: 'Content-Type must be application/json' });
    return;
  }
  next();
}

function badRequest(res: Response, issues: string[]): void {
  res.status(400).json({ error: 'invalid request body', issues });
}

function methodNotAllowed(allow: string) {
  return (_req: Request, res: Response) => {
    res.setHeader('Allow', allow);
    res.status(405).json({ error: 'method not allowed' });
  };
}

const MAX_ACTOR_LENGTH = 128;

/** Who made the change: the Grafana user the plugin proxy names, else the token itself. */
function actorOf(req: Request): string {
  const user = req.get('x-grafana-user')?.replace(/[\u0000-\u001f\u007f-\u009f]/gu, '').trim();
  return user ? user.slice(0, MAX_ACTOR_LENGTH) : 'admin-token';
}

/**
 * Paths of strings in `after` that contain `${` and differ from what the file already had there:
 * a write may keep a hand-written reference but not add one.
 */
function newInterpolations(after: AccountInput, before: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, previous: unknown, path: string) => {
    if (typeof value === 'string') {
      if (value.includes('${') && value !== previous) found.push(path);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const old = typeof previous === 'object' && previous !== null ? (previous as Record<string, unknown>) : {};
    for (const [key, item] of Object.entries(value)) {
      visit(item, Object.hasOwn(old, key) ? old[key] : undefined, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    }
  };
  visit(after, before, '');
  return found;
}
