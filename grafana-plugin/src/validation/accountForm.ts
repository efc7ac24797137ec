import type { Account, NetworksCatalog } from '../api/schemas';
import { validateAddress } from './addresses';

/**
 * The account form's model: editable values, their checks (the exporter's schema rules in
 * exporter/src/config/schema.ts, repeated here so the user sees problems at the field), and the
 * conversion to and from the admin API's `Account`.
 */

const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ASSET_SYMBOL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED_LABEL_NAMES = ['account', 'network', 'address', 'asset'];

/** What the form edits; numbers stay text until saved so a half-typed value is not lost. */
export interface AccountFormValues {
  name: string;
  network: string;
  address: string;
  /** Empty means every asset configured on the network. */
  assets: string[];
  labels: Array<{ key: string; value: string }>;
  minBalances: Array<{ asset: string; amount: string }>;
}

/** Problems per field; row fields are keyed `labels.0.key`, `minBalances.1.amount`… */
export type AccountFormErrors = Partial<Record<string, string>>;

/** An empty form for a new account. */
export function emptyAccountForm(): AccountFormValues {
  return { name: '', network: '', address: '', assets: [], labels: [], minBalances: [] };
}

/** The form values for an existing account. */
export function accountToForm(account: Account): AccountFormValues {
  return {
    name: account.name,
    network: account.network,
    address: account.address,
    assets: account.assets ?? [],
    labels: Object.entries(account.labels ?? {}).map(([key, value]) => ({ key, value })),
    minBalances: Object.entries(account.min_balance ?? {}).map(([asset, amount]) => ({
      asset,
      amount: String(amount),
    })),
  };
}

/** The admin API body for valid form values; empty optional parts are left out. */
export function formToAccount(values: AccountFormValues): Account {
  const account: Account = { name: values.name.trim(), network: values.network, address: values.address };
  if (values.assets.length > 0) {
    account.assets = [...values.assets];
  }
  if (values.labels.length > 0) {
    account.labels = Object.fromEntries(values.labels.map(({ key, value }) => [key.trim(), value]));
  }
  if (values.minBalances.length > 0) {
    account.min_balance = Object.fromEntries(values.minBalances.map(({ asset, amount }) => [asset, Number(amount)]));
  }
  return account;
}

/** Options for {@link validateAccountForm}. */
export interface ValidateAccountFormParameters {
  /** Networks and assets from the exporter; null when it does not offer them (free text). */
  catalog: NetworksCatalog | null;
  /** Names of the other accounts, for uniqueness. */
  existingNames: string[];
}

/**
 * Checks the form. Returns an empty object when the values can be sent; the exporter still has
 * the last word and its messages are shown as it sent them.
 */
export function validateAccountForm(
  values: AccountFormValues,
  { catalog, existingNames }: ValidateAccountFormParameters
): AccountFormErrors {
  const errors: AccountFormErrors = {};
  const name = values.name.trim();
  if (name === '') {
    errors.name = 'name is required';
  } else if (!ACCOUNT_NAME.test(name)) {
    errors.name = 'account names must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
  } else if (existingNames.includes(name)) {
    errors.name = `an account named "${name}" already exists`;
  }

  const network = catalog?.networks[values.network];
  if (values.network === '') {
    errors.network = 'network is required';
  } else if (catalog && !network) {
    errors.network = `network "${values.network}" is not configured on the exporter`;
  }

  const addressProblem = validateAddress(network?.kind, values.address);
  if (addressProblem) {
    errors.address = addressProblem;
  }

  const onNetwork = (asset: string) => !catalog || catalog.assets[asset]?.on[values.network] !== undefined;
  const badAsset = values.assets.find((asset) => !ASSET_SYMBOL.test(asset) || !onNetwork(asset));
  if (badAsset !== undefined) {
    errors.assets = ASSET_SYMBOL.test(badAsset)
      ? `asset ${badAsset} is not configured on network ${values.network}`
      : 'asset symbols must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$';
  }

  const seenLabels = new Set<string>();
  values.labels.forEach(({ key }, index) => {
    const trimmed = key.trim();
    const field = `labels.${index}.key`;
    if (!LABEL_NAME.test(trimmed)) {
      errors[field] = 'label names must match ^[a-zA-Z_][a-zA-Z0-9_]*$';
    } else if (trimmed.startsWith('__')) {
      errors[field] = 'label names starting with "__" are reserved by Prometheus';
    } else if (RESERVED_LABEL_NAMES.includes(trimmed)) {
      errors[field] = `label name is reserved (${RESERVED_LABEL_NAMES.join(', ')} are set by the exporter)`;
    } else if (seenLabels.has(trimmed)) {
      errors[field] = `label ${trimmed} appears twice`;
    }
    seenLabels.add(trimmed);
  });

  const seenAssets = new Set<string>();
  values.minBalances.forEach(({ asset, amount }, index) => {
    if (!ASSET_SYMBOL.test(asset)) {
      errors[`minBalances.${index}.asset`] = 'choose an asset';
    } else if (seenAssets.has(asset)) {
      errors[`minBalances.${index}.asset`] = `minimum for ${asset} appears twice`;
    } else if (!onNetwork(asset)) {
      errors[`minBalances.${index}.asset`] = `asset ${asset} is not configured on network ${values.network}`;
    }
    seenAssets.add(asset);
    const number = Number(amount);
    if (amount.trim() === '' || !Number.isFinite(number)) {
      errors[`minBalances.${index}.amount`] = 'expected a number';
    } else if (number < 0) {
      errors[`minBalances.${index}.amount`] = 'must be at least 0';
    }
  });
  return errors;
}

/** Whether validation found nothing. */
export function isFormValid(errors: AccountFormErrors): boolean {
  return Object.values(errors).every((message) => message === undefined);
}

/**
 * What changed between two snapshots of the accounts, for the conflict notice: accounts added,
 * removed, or changed (compared by their JSON).
 */
export function diffAccounts(
  before: Account[],
  after: Account[]
): { added: string[]; removed: string[]; changed: string[] } {
  const byName = (accounts: Account[]) => new Map(accounts.map((account) => [account.name, JSON.stringify(account)]));
  const old = byName(before);
  const now = byName(after);
  return {
    added: [...now.keys()].filter((name) => !old.has(name)),
    removed: [...old.keys()].filter((name) => !now.has(name)),
    changed: [...now.keys()].filter((name) => old.has(name) && old.get(name) !== now.get(name)),
  };
}
