import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One line of the audit log. `before`/`after` are the account as written in the file (null when absent). */
export interface AuditRecord {
  time: string;
  actor: string;
  action: 'create' | 'update' | 'delete';
  account: string;
  before: unknown;
  after: unknown;
  etag_before: string;
  etag_after: string;
}

/** An audit log opened for appending; opened before a config write so an unwritable log stops the write. */
export interface AuditLog {
  append(record: AuditRecord): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed, mode 0600) the JSON-lines audit log. Each record is appended with
 * one write and fsynced, so a record is either fully on disk or absent.
 */
export async function openAuditLog(path: string): Promise<AuditLog> {
  await mkdir(dirname(path), { recursive: true });
  const handle: FileHandle = await open(path, 'a', 0o600);
  return {
    async append(record) {
      await handle.appendFile(`${JSON.stringify(record)}\n`);
      await handle.sync();
    },
    close: () => handle.close(),
  };
}
