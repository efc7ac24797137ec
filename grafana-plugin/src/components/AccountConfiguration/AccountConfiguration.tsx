import React, { useCallback, useEffect, useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, ConfirmModal, EmptyState, LoadingPlaceholder, Stack, TextLink, useStyles2 } from '@grafana/ui';
import {
  createAccount,
  deleteAccount,
  ExporterApiError,
  getNetworks,
  listAccounts,
  updateAccount,
  type AccountsSnapshot,
} from '../../api/exporterApi';
import type { Account, NetworksCatalog } from '../../api/schemas';
import { accountDetailUrl, PLUGIN_ID } from '../../constants';
import {
  accountToForm,
  diffAccounts,
  emptyAccountForm,
  formToAccount,
  type AccountFormValues,
} from '../../validation/accountForm';
import { ExplainedErrorAlert } from '../states/ExplainedErrorAlert';
import { AccountForm } from './AccountForm';

interface Props {
  /** Whether the app settings have an exporter URL; without it nothing can be loaded. */
  exporterConfigured: boolean;
  isAdmin: boolean;
}

type Editing = { mode: 'add' } | { mode: 'edit'; name: string };

/** What a 412 changed, told to the user beside the form they keep. */
interface ConflictNotice {
  added: string[];
  removed: string[];
  changed: string[];
  message: string;
}

/**
 * Lists the exporter's accounts and, for Admins, adds, edits and removes them through the admin
 * API (DESIGN §5). Every write carries the ETag of the list it was based on; when someone else
 * changed the accounts in between, the exporter answers 412, the list is reloaded, the form keeps
 * the user's input and a notice says what changed.
 */
export function AccountConfiguration({ exporterConfigured, isAdmin }: Props) {
  const styles = useStyles2(getStyles);
  const [snapshot, setSnapshot] = useState<AccountsSnapshot | null>(null);
  const [catalog, setCatalog] = useState<NetworksCatalog | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<ConflictNotice | null>(null);
  const [pendingDelete, setPendingDelete] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!exporterConfigured) {
      return;
    }
    let cancelled = false;
    Promise.all([listAccounts(), getNetworks()]).then(
      ([accounts, networks]) => {
        if (!cancelled) {
          setSnapshot(accounts);
          setCatalog(networks);
        }
      },
      (error: unknown) => !cancelled && setLoadError(error)
    );
    return () => {
      cancelled = true;
    };
  }, [exporterConfigured, attempt]);

  const retry = useCallback(() => {
    setLoadError(null);
    setAttempt((n) => n + 1);
  }, []);

  /** After a 412: take the winning state (attached, or fetched again) and say what it changed. */
  const handleConflict = async (error: ExporterApiError, before: Account[]) => {
    let fresh = error.current;
    if (!fresh) {
      try {
        fresh = await listAccounts();
      } catch (reloadError) {
        setSaveError(reloadError);
        return;
      }
    }
    setSnapshot(fresh);
    setConflict({ ...diffAccounts(before, fresh.accounts), message: error.message });
  };

  const runWrite = async (write: (etag: string) => Promise<void>, success: string) => {
    if (!snapshot) {
      return false;
    }
    setSaving(true);
    setSaveError(null);
    setConflict(null);
    setDone(null);
    try {
      await write(snapshot.etag);
      setSnapshot(await listAccounts());
      setDone(success);
      return true;
    } catch (error) {
      if (error instanceof ExporterApiError && error.kind === 'conflict') {
        await handleConflict(error, snapshot.accounts);
      } else {
        setSaveError(error);
      }
      return false;
    } finally {
      setSaving(false);
    }
  };

  const onSubmit = async (values: AccountFormValues) => {
    if (!editing) {
      return;
    }
    const account = formToAccount(values);
    const ok =
      editing.mode === 'add'
        ? await runWrite((etag) => createAccount({ account, etag }), `Added ${account.name}`)
        : await runWrite((etag) => updateAccount({ name: editing.name, account, etag }), `Saved ${account.name}`);
    if (ok) {
      setEditing(null);
    }
  };

  const onConfirmDelete = async () => {
    const name = pendingDelete;
    setPendingDelete(null);
    if (name !== null) {
      await runWrite((etag) => deleteAccount({ name, etag }), `Removed ${name}`);
    }
  };

  if (!exporterConfigured) {
    return (
      <EmptyState variant="call-to-action" message="The exporter is not connected">
        {isAdmin ? (
          <>
            Set the exporter URL and admin token in the <TextLink href={`/plugins/${PLUGIN_ID}`}>app settings</TextLink>{' '}
            to manage accounts here.
          </>
        ) : (
          'Ask a Grafana Admin to set the exporter URL and admin token in the app settings.'
        )}
      </EmptyState>
    );
  }
  if (loadError) {
    return <ExplainedErrorAlert error={loadError} isAdmin={isAdmin} onRetry={retry} />;
  }
  if (!snapshot) {
    return <LoadingPlaceholder text="Loading accounts from the exporter…" />;
  }

  const editedAccount = editing?.mode === 'edit' ? snapshot.accounts.find((a) => a.name === editing.name) : undefined;
  const otherNames = snapshot.accounts
    .map((a) => a.name)
    .filter((name) => editing?.mode !== 'edit' || name !== editing.name);

  return (
    <Stack direction="column" gap={2}>
      {!isAdmin && (
        <Alert severity="info" title="Read only">
          Only Admins of this organisation can change accounts.
        </Alert>
      )}
      {done && <Alert severity="success" title={done} onRemove={() => setDone(null)} />}
      {conflict && (
        <Alert severity="warning" title="Someone else changed the accounts" onRemove={() => setConflict(null)}>
          <p>The list below is the current one. Your form is kept: review it and save again.</p>
          <ul aria-label="Changes by someone else">
            {conflict.added.map((name) => (
              <li key={`added-${name}`}>added {name}</li>
            ))}
            {conflict.removed.map((name) => (
              <li key={`removed-${name}`}>removed {name}</li>
            ))}
            {conflict.changed.map((name) => (
              <li key={`changed-${name}`}>changed {name}</li>
            ))}
          </ul>
          {editing?.mode === 'edit' && !editedAccount && (
            <p>The account you are editing was removed; saving will fail until you cancel.</p>
          )}
        </Alert>
      )}
      {saveError !== null && <ExplainedErrorAlert error={saveError} isAdmin={isAdmin} />}

      {snapshot.accounts.length === 0 ? (
        <EmptyState variant="call-to-action" message="No accounts yet">
          {isAdmin
            ? 'Add the first account the exporter should watch.'
            : 'An Admin can add accounts here or in the exporter config file.'}
        </EmptyState>
      ) : (
        <table className={styles.table} aria-label="Accounts">
          <thead>
            <tr>
              <th>Name</th>
              <th>Network</th>
              <th>Address</th>
              <th>Assets</th>
              <th>Labels</th>
              <th>Minimums</th>
              {isAdmin && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {snapshot.accounts.map((account) => (
              <tr key={account.name}>
                <td>
                  <TextLink href={accountDetailUrl(account.name)} inline={false}>
                    {account.name}
                  </TextLink>
                </td>
                <td>{account.network}</td>
                <td>
                  <code>{account.address}</code>
                </td>
                <td>{account.assets?.join(', ') ?? 'all on network'}</td>
                <td>
                  {Object.entries(account.labels ?? {})
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')}
                </td>
                <td>
                  {Object.entries(account.min_balance ?? {})
                    .map(([asset, amount]) => `${asset} ≥ ${amount}`)
                    .join(', ')}
                </td>
                {isAdmin && (
                  <td>
                    <Stack gap={1}>
                      <Button
                        size="sm"
                        variant="secondary"
                        icon="pen"
                        aria-label={`Edit ${account.name}`}
                        onClick={() => {
                          setEditing({ mode: 'edit', name: account.name });
                          setSaveError(null);
                          setConflict(null);
                        }}
                      >
                        Edit
                      </Button>
                      <Button
                        size="sm"
                        variant="destructive"
                        icon="trash-alt"
                        aria-label={`Remove ${account.name}`}
                        onClick={() => setPendingDelete(account.name)}
                      >
                        Remove
                      </Button>
                    </Stack>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {isAdmin && !editing && (
        <div>
          <Button
            icon="plus"
            onClick={() => {
              setEditing({ mode: 'add' });
              setSaveError(null);
              setConflict(null);
            }}
          >
            Add account
          </Button>
        </div>
      )}
      {isAdmin && editing && (
        <AccountForm
          key={editing.mode === 'edit' ? `edit-${editing.name}` : 'add'}
          initial={editing.mode === 'edit' && editedAccount ? accountToForm(editedAccount) : emptyAccountForm()}
          catalog={catalog}
          existingNames={otherNames}
          submitLabel={editing.mode === 'add' ? 'Add account' : `Save ${editing.name}`}
          saving={saving}
          onSubmit={(values) => void onSubmit(values)}
          onCancel={() => setEditing(null)}
        />
      )}
      <ConfirmModal
        isOpen={pendingDelete !== null}
        title="Remove account"
        body={`Stop watching ${pendingDelete ?? ''}? Its series disappear from /metrics; history stays in Prometheus.`}
        confirmText="Remove"
        onConfirm={() => void onConfirmDelete()}
        onDismiss={() => setPendingDelete(null)}
      />
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css`
    width: 100%;
    border-collapse: collapse;
    th,
    td {
      padding: ${theme.spacing(0.5, 1)};
      border-bottom: 1px solid ${theme.colors.border.weak};
      text-align: left;
      vertical-align: top;
    }
  `,
});
