import { z } from 'zod';
import { MULTICALL3_ADDRESS } from '../chains/evm/aggregate3.js';
import { parseDuration } from './duration.js';

/**
 * The config file's shape (DESIGN.md §2). Keys keep the YAML's snake_case so a message's key
 * path is exactly what the user typed. Everything is strict: an unknown key is a typo until
 * proven otherwise. References between sections (an account's network, a reserve's accounts)
 * and per-chain address formats are checked in crossChecks.ts, which reports all of them at once.
 */

export const NETWORK_NAME = /^[a-z][a-z0-9_-]*$/;
export const ASSET_SYMBOL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels every account series already carries; a config label of the same name would clash. */
export const RESERVED_LABEL_NAMES: readonly string[] = ['account', 'network', 'address', 'asset'];

export const DEFAULT_POLL_INTERVAL = '30s';
export const DEFAULT_REQUEST_TIMEOUT = '10s';
/** Multicall3, deployed at the same address on nearly every EVM chain. */
export const DEFAULT_MULTICALL_ADDRESS = MULTICALL3_ADDRESS;
export const DEFAULT_BATCH_SIZE = 500;
export const DEFAULT_GAP_LIMIT = 20;
/** Peg deviation ratios at which alerts warn and page, when an asset does not set its own. */
export const DEFAULT_PEG_THRESHOLDS = { warning: 0.005, critical: 0.02 } as const;

/** A duration string ("30s", "1h30m") in the file, milliseconds in the parsed config. */
export const durationSchema = z
  .string({ error: 'expected a duration such as "30s"' })
  .transform((text, context) => {
    const parsed = parseDuration(text);
    if (parsed.ok) return parsed.ms;
    context.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  });

const networkName = z.string().regex(NETWORK_NAME, 'network names must match ^[a-z][a-z0-9_-]*$');
const assetSymbol = z.string().regex(ASSET_SYMBOL, 'asset symbols must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$');
const accountName = z.string().regex(ACCOUNT_NAME, 'account names must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');
const labelName = z
  .string()
  .regex(LABEL_NAME, 'label names must match ^[a-zA-Z_][a-zA-Z0-9_]*$')
  .refine((name) => !name.startsWith('__'), 'label names starting with "__" are reserved by Prometheus')
  .refine(
    (name) => !RESERVED_LABEL_NAMES.includes(name),
    `label name is reserved (${RESERVED_LABEL_NAMES.join(', ')} are set by the exporter)`,
  );
const httpUrl = z.url({ protocol: /^https?$/, error: 'not a valid http(s) URL' });
/** Checked for format and checksum in crossChecks.ts, with the other addresses. */
const evmAddress = z.string().min(1, 'must not be empty');
const positiveRatio = z.number().positive('must be greater than 0');

const pollInterval = durationSchema.optional();

const evmNetworkSchema = z.strictObject({
  kind: z.literal('evm'),
  chain_id: z.number().int('must be an integer').positive('must be greater than 0'),
  rpc_urls: z.array(httpUrl).min(1, 'needs at least one URL'),
  poll_interval: pollInterval,
  multicall_address: evmAddress.default(DEFAULT_MULTICALL_ADDRESS),
  batch_size: z.number().int('must be an integer').min(1, 'must be at least 1').max(5000, 'must be at most 5000').default(DEFAULT_BATCH_SIZE),
});

const solanaNetworkSchema = z.strictObject({
  kind: z.literal('solana'),
  rpc_urls: z.array(httpUrl).min(1, 'needs at least one URL'),
  poll_interval: pollInterval,
});

const cardanoNetworkSchema = z.strictObject({
  kind: z.literal('cardano'),
  blockfrost_project_id: z.string().min(1, 'must not be empty'),
  base_url: httpUrl.optional(),
  poll_interval: pollInterval,
});

export const BITCOIN_CHAINS = ['mainnet', 'testnet', 'regtest'] as const;

const bitcoinNetworkSchema = z.strictObject({
  kind: z.literal('bitcoin'),
  esplora_urls: z.array(httpUrl).min(1, 'needs at least one URL'),
  /** Which chain the Esplora servers follow: decides address prefixes and which extended keys fit. */
  chain: z.enum(BITCOIN_CHAINS, { error: 'expected one of: mainnet, testnet, regtest' }).default('mainnet'),
  poll_interval: pollInterval,
  gap_limit: z.number().int('must be an integer').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(DEFAULT_GAP_LIMIT),
});

export const NETWORK_KINDS = ['evm', 'solana', 'cardano', 'bitcoin'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export const networkSchema = z.discriminatedUnion('kind', [
  evmNetworkSchema,
  solanaNetworkSchema,
  cardanoNetworkSchema,
  bitcoinNetworkSchema,
]);

const exporterSchema = z.strictObject({
  poll_interval: durationSchema.prefault(DEFAULT_POLL_INTERVAL),
  request_timeout: durationSchema.prefault(DEFAULT_REQUEST_TIMEOUT),
  /** File holding the admin API bearer token (the token itself never goes in this file). */
  admin_token_file: z.string().min(1, 'must not be empty').optional(),
  /** Append-only JSON-lines log of admin API writes. */
  audit_log: z.string().min(1, 'must not be empty').optional(),
});

const pricesSchema = z.strictObject({
  coingecko: z
    .strictObject({
      api_key: z.string().min(1, 'must not be empty').optional(),
      /** Demo keys go to api.coingecko.com with x-cg-demo-api-key, pro keys to pro-api with x-cg-pro-api-key. */
      api_key_kind: z.enum(['demo', 'pro'], { error: 'expected "demo" or "pro"' }).optional(),
      base_url: httpUrl.optional(),
    })
    .optional(),
  defillama: z.strictObject({ base_url: httpUrl.optional() }).optional(),
});

const chainlinkFeedSchema = z.strictObject({
  network: networkName,
  feed: evmAddress,
  /** A round older than this is stale and left out of the consensus. */
  max_age: durationSchema.optional(),
  /** The feed's documented heartbeat, for the staleness alert. */
  heartbeat: durationSchema.optional(),
});

const assetSchema = z.strictObject({
  coingecko_id: z.string().min(1, 'must not be empty').optional(),
  defillama_id: z.string().min(1, 'must not be empty').optional(),
  chainlink: chainlinkFeedSchema.optional(),
  peg: z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter upper-case currency code such as USD').optional(),
  peg_thresholds: z.strictObject({ warning: positiveRatio, critical: positiveRatio }).optional(),
  on: z
    .record(networkName, z.string().min(1, 'must not be empty'))
    .refine((on) => Object.keys(on).length > 0, 'an asset must be configured on at least one network'),
});

const accountSchema = z.strictObject({
  name: accountName,
  network: networkName,
  address: z.string().min(1, 'must not be empty'),
  assets: z.array(assetSymbol).optional(),
  labels: z.record(labelName, z.string()).optional(),
  min_balance: z.record(assetSymbol, z.number().min(0, 'must be at least 0')).optional(),
});

const reserveSchema = z.strictObject({
  stablecoin: assetSymbol,
  supply_on: z.array(networkName).min(1, 'needs at least one network'),
  /** Holders whose tokens are not circulating (treasury, bridge escrow), per network. */
  excluded_holders: z.record(networkName, z.array(z.string().min(1, 'must not be empty'))).optional(),
  reserve_accounts: z.array(accountName).optional(),
  proof_of_reserve: z.strictObject({ network: networkName, feed: evmAddress }).optional(),
});

/** Where the ledger (history of balance and config changes) is written; absent means no ledger. */
const ledgerSchema = z.strictObject({
  /** `postgres://user:password@host:5432/database`; a secret, normally `${TREASURY_LEDGER_URL}`. */
  postgres_url: z.string().refine(isPostgresUrl, 'not a valid postgres://user:password@host:port/database URL'),
});

/** A TCP PostgreSQL URL with a host (a Unix-socket URL has none, and the exporter runs in containers). */
function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const configSchema = z.strictObject({
  version: z.literal(1, { error: 'expected 1 (the only config version so far)' }),
  exporter: exporterSchema.prefault({}),
  networks: z.record(networkName, networkSchema),
  prices: pricesSchema.optional(),
  assets: z.record(assetSymbol, assetSchema),
  accounts: z.array(accountSchema),
  reserves: z.array(reserveSchema).default([]),
  ledger: ledgerSchema.optional(),
});

/** The parsed config: the file's structure, durations in milliseconds, defaults filled in. */
export type Config = z.output<typeof configSchema>;
/** The config as written in the file (durations as strings, defaults optional). */
export type ConfigInput = z.input<typeof configSchema>;
export type NetworkConfig = Config['networks'][string];
export type AssetConfig = Config['assets'][string];
export type AccountConfig = Config['accounts'][number];
export type ReserveConfig = Config['reserves'][number];
