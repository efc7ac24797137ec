import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  accountAssets,
  formatIssue,
  loadConfigFile,
  networkPollInterval,
  parseConfigText,
  summarizeConfig,
  type Config,
} from './index.js';

const testdata = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'testdata');

const GOOD_ENV = {
  ETH_RPC_URL: 'https://eth-mainnet.g.alchemy.com/v2/alchemy-key-0001',
  BLOCKFROST_PROJECT_ID: 'mainnetBlockfrostProject0001',
  COINGECKO_API_KEY: 'CG-coingecko-key-0001',
};

async function loadGood(): Promise<Config> {
  const result = await loadConfigFile(join(testdata, 'good.yaml'), GOOD_ENV);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.loaded.config;
}

describe('testdata/good.yaml', () => {
  let config: Config;
  beforeAll(async () => {
    config = await loadGood();
  });

  it('parses durations to milliseconds', () => {
    expect(config.exporter.poll_interval).toBe(60_000);
    expect(config.exporter.request_timeout).toBe(5_000);
    expect(config.networks.arbitrum?.poll_interval).toBe(5_400_000);
    expect(config.assets.ETH?.chainlink?.heartbeat).toBe(3_600_000);
    expect(config.assets.USDC?.chainlink?.max_age).toBe(86_400_000);
  });

  it('applies defaults', () => {
    const ethereum = config.networks.ethereum;
    if (ethereum?.kind !== 'evm') throw new Error('ethereum should be evm');
    expect(ethereum.multicall_address).toBe('0xcA11bde05977b3631167028862bE2a173976CA11');
    expect(ethereum.batch_size).toBe(500);
    const arbitrum = config.networks.arbitrum;
    expect(arbitrum?.kind === 'evm' && arbitrum.batch_size).toBe(200);
    const bitcoin = config.networks.bitcoin;
    expect(bitcoin?.kind === 'bitcoin' && bitcoin.gap_limit).toBe(50);
    expect(bitcoin?.kind === 'bitcoin' && bitcoin.chain).toBe('mainnet');
    expect(config.assets.USDC?.peg_thresholds).toEqual({ warning: 0.005, critical: 0.02 });
    expect(config.assets.EURC?.peg_thresholds).toEqual({ warning: 0.01, critical: 0.05 });
    expect(config.assets.ETH?.peg_thresholds).toBeUndefined();
    expect(networkPollInterval(config, 'ethereum')).toBe(60_000);
    expect(networkPollInterval(config, 'arbitrum')).toBe(5_400_000);
  });

  it('interpolates environment variables', () => {
    const ethereum = config.networks.ethereum;
    expect(ethereum?.kind === 'evm' && ethereum.rpc_urls).toEqual([
      'https://ethereum-rpc.publicnode.com',
      'https://eth-mainnet.g.alchemy.com/v2/alchemy-key-0001',
    ]);
    const cardano = config.networks.cardano;
    expect(cardano?.kind === 'cardano' && cardano.blockfrost_project_id).toBe('mainnetBlockfrostProject0001');
    expect(config.prices?.coingecko).toEqual({ api_key: 'CG-coingecko-key-0001', api_key_kind: 'demo' });
  });

  it('normalises EVM addresses to their EIP-55 checksum', () => {
    expect(config.assets.USDC?.on.ethereum).toBe('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48');
    expect(config.assets.USDC?.chainlink?.feed).toBe('0x8fFfFfd4AfB6115b954Bd326cbe7B4BA576818f6');
    expect(config.accounts.find((a) => a.name === 'custody-1')?.address).toBe('0x28C6c06298d514Db089934071355E5743bf21d60');
    expect(config.reserves[0]?.excluded_holders?.ethereum).toEqual(['0x55FE002aefF02F77364de339a1292923A15844B8']);
    // Non-EVM values are kept exactly as written.
    expect(config.assets.USDC?.on.solana).toBe('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');
  });

  it('keeps accounts, labels and minimums', () => {
    expect(config.accounts.map((a) => a.name)).toEqual([
      'ops-hot',
      'custody-1',
      'arb-cold',
      'sol-treasury',
      'ada-stake',
      'btc-cold',
      'btc-wallet',
    ]);
    expect(config.accounts[0]?.labels).toEqual({ entity: 'acme', purpose: 'operations' });
    expect(config.accounts[0]?.min_balance).toEqual({ ETH: 2, USDC: 10000 });
    expect(config.accounts[3]?.min_balance).toEqual({ SOL: 1.5 });
    expect(config.reserves).toEqual([
      {
        stablecoin: 'USDC',
        supply_on: ['ethereum', 'solana'],
        excluded_holders: { ethereum: ['0x55FE002aefF02F77364de339a1292923A15844B8'] },
        reserve_accounts: ['custody-1'],
        proof_of_reserve: { network: 'ethereum', feed: '0x736bF902680e68989886e9807CD7Db4B3E015d3C' },
      },
    ]);
  });

  it('resolves account assets: explicit list, or every asset on the network in file order', () => {
    const byName = (name: string) => config.accounts.find((a) => a.name === name)!;
    expect(accountAssets(config, byName('ops-hot'))).toEqual([
      { asset: 'ETH', token: 'native' },
      { asset: 'USDC', token: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' },
    ]);
    expect(accountAssets(config, byName('custody-1'))).toEqual([
      { asset: 'ETH', token: 'native' },
      { asset: 'USDC', token: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' },
      { asset: 'EURC', token: '0x1aBaEA1f7C830bD89Acc67eC4af516284b1bC33c' },
    ]);
    expect(accountAssets(config, byName('sol-treasury'))).toEqual([
      { asset: 'USDC', token: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v' },
      { asset: 'SOL', token: 'native' },
    ]);
    expect(accountAssets(config, byName('ada-stake'))).toEqual([
      { asset: 'ADA', token: 'native' },
      { asset: 'AGIX', token: 'f43a62fdc3965df486de8a0d32fe800963589c41b38946602a0dc53541474958' },
    ]);
    expect(accountAssets(config, byName('btc-wallet'))).toEqual([{ asset: 'BTC', token: 'native' }]);
  });

  it('summarises for --check without URLs or keys', () => {
    const summary = summarizeConfig(config);
    expect(summary).toContain('5 networks:');
    expect(summary).toContain('  arbitrum (evm chain 42161, every 1h30m): 1 account');
    expect(summary).toContain('7 accounts, 13 balances to read:');
    expect(summary).toContain('  USDC: supply on ethereum, solana; backed by accounts custody-1 and proof of reserve on ethereum');
    for (const secret of Object.values(GOOD_ENV)) expect(summary).not.toContain(secret);
    expect(summary).not.toContain('https://');
  });
});

/** Each invalid file and the exact, complete list of messages it must produce, in order. */
const INVALID_FILES: Array<[string, string[]]> = [
  ['invalid-bad-duration.yaml', [
    'invalid-bad-duration.yaml:3:18 exporter.poll_interval: not a valid duration (expected e.g. "500ms", "30s", "5m", "1h30m")',
    'invalid-bad-duration.yaml:4:20 exporter.request_timeout: duration must be at least 100ms',
    'invalid-bad-duration.yaml:6:89 networks.ethereum.poll_interval: not a valid duration (expected e.g. "500ms", "30s", "5m", "1h30m")',
  ]],
  ['invalid-bitcoin-address.yaml', [
    'invalid-bitcoin-address.yaml:9:14 accounts[0].address: not a valid Bitcoin address, extended public key (xpub/ypub/zpub/tpub/upub/vpub) or output descriptor',
    'invalid-bitcoin-address.yaml:12:14 accounts[1].address: not a valid xpub (bad checksum, length or version)',
    'invalid-bitcoin-address.yaml:15:14 accounts[2].address: unsupported descriptor (expected pkh(KEY), wpkh(KEY), sh(wpkh(KEY)) or tr(KEY))',
    'invalid-bitcoin-address.yaml:18:14 accounts[3].address: not a valid Bitcoin mainnet address (it is a testnet address)',
  ]],
  ['invalid-cardano-address.yaml', [
    'invalid-cardano-address.yaml:9:14 accounts[0].address: not a valid Cardano address (bech32 checksum mismatch or invalid character)',
    'invalid-cardano-address.yaml:12:14 accounts[1].address: not a valid Cardano address (prefix addr does not match network id 0)',
    'invalid-cardano-address.yaml:15:14 accounts[2].address: not a valid Cardano address (a stake address needs the prefix stake or stake_test)',
    'invalid-cardano-address.yaml:18:14 accounts[3].address: Byron addresses are not supported: use the Shelley address (addr1…)',
    "invalid-cardano-address.yaml:21:14 accounts[4].address: a test-network address, but this network's Blockfrost project is for mainnet",
  ]],
  ['invalid-chainlink-network.yaml', [
    'invalid-chainlink-network.yaml:7:27 assets.SOL.chainlink.network: network "solana" is not an EVM network (Chainlink feeds are read on EVM chains)',
  ]],
  ['invalid-duplicate-account.yaml', [
    'invalid-duplicate-account.yaml:10:11 accounts[1].name: duplicate account name "ops-hot" (first at line 7)',
  ]],
  ['invalid-duplicate-yaml-key.yaml', [
    'invalid-duplicate-yaml-key.yaml:4:3: Map keys must be unique',
  ]],
  ['invalid-empty.yaml', [
    'invalid-empty.yaml:1:1: the config file is empty',
  ]],
  ['invalid-evm-checksum.yaml', [
    'invalid-evm-checksum.yaml:9:14 accounts[0].address: not a valid EVM address (checksum mismatch)',
    'invalid-evm-checksum.yaml:12:14 accounts[1].address: not a valid EVM address (expected 0x followed by 40 hex digits)',
  ]],
  ['invalid-label-name.yaml', [
    'invalid-label-name.yaml:11:7 accounts[0].labels.cost-center: label names must match ^[a-zA-Z_][a-zA-Z0-9_]*$',
    'invalid-label-name.yaml:12:7 accounts[0].labels.__meta: label names starting with "__" are reserved by Prometheus',
    'invalid-label-name.yaml:13:7 accounts[0].labels.network: label name is reserved (account, network, address, asset are set by the exporter)',
    'invalid-label-name.yaml:14:13 accounts[0].labels.team: expected a string, got an integer',
  ]],
  ['invalid-many.yaml', [
    'invalid-many.yaml:2:10 version: expected 1 (the only config version so far)',
    'invalid-many.yaml:4:18 exporter.poll_interval: expected a duration such as "30s"',
    'invalid-many.yaml:6:36 networks.ethereum.chain_id: must be greater than 0',
    'invalid-many.yaml:6:49 networks.ethereum.rpc_urls: needs at least one URL',
    'invalid-many.yaml:7:3 networks.Solana: network names must match ^[a-z][a-z0-9_-]*$',
    'invalid-many.yaml:9:36 assets.ETH.colour: unknown key (expected one of: coingecko_id, defillama_id, chainlink, peg, peg_thresholds, on)',
    'invalid-many.yaml:13:14 accounts[0].address: not a valid EVM address (checksum mismatch)',
    'invalid-many.yaml:14:5 accounts[1].address: missing required key',
    'invalid-many.yaml:14:11 accounts[1].name: account names must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
    'invalid-many.yaml:16:14 accounts[1].assets[0]: unknown asset "BTC" (configured: ETH)',
  ]],
  ['invalid-min-balance.yaml', [
    'invalid-min-balance.yaml:12:25 accounts[0].min_balance.ETH: must be at least 0',
    'invalid-min-balance.yaml:12:29 accounts[0].min_balance.SOL: asset "SOL" is not configured on network "ethereum"',
  ]],
  ['invalid-missing-env.yaml', [
    'invalid-missing-env.yaml:3:73 networks.ethereum.rpc_urls[1]: environment variable ETH_RPC_URL is not set',
  ]],
  ['invalid-missing-key.yaml', [
    'invalid-missing-key.yaml:7:5 accounts[0].address: missing required key',
  ]],
  ['invalid-network-kind.yaml', [
    'invalid-network-kind.yaml:3:21 networks.ethereum.kind: expected one of: evm, solana, cardano, bitcoin',
    'invalid-network-kind.yaml:4:11 networks.solana.kind: missing required key',
  ]],
  ['invalid-private-key.yaml', [
    'invalid-private-key.yaml:9:14 accounts[0].address: looks like a private key: TCC is watch-only and never accepts private keys',
    'invalid-private-key.yaml:11:13 accounts[0].labels.note: looks like a private key: TCC is watch-only and never accepts private keys',
  ]],
  ['invalid-reserve-references.yaml', [
    'invalid-reserve-references.yaml:13:17 reserves[0].supply_on[0]: asset "USDC" is native on network "ethereum": supply is read from a token contract',
    'invalid-reserve-references.yaml:13:27 reserves[0].supply_on[1]: asset "USDC" is not configured on network "solana"',
    'invalid-reserve-references.yaml:15:16 reserves[0].excluded_holders.solana[0]: not a valid Solana address (expected base58 encoding of 32 bytes)',
    'invalid-reserve-references.yaml:16:7 reserves[0].excluded_holders.arbitrum: unknown network "arbitrum" (configured: ethereum, solana)',
    'invalid-reserve-references.yaml:17:24 reserves[0].reserve_accounts[0]: unknown account "custody-9"',
    'invalid-reserve-references.yaml:18:17 reserves[1].stablecoin: duplicate reserve for "USDC" (first at line 12)',
    'invalid-reserve-references.yaml:19:17 reserves[1].supply_on[0]: asset "USDC" is native on network "ethereum": supply is read from a token contract',
    'invalid-reserve-references.yaml:21:7 reserves[1].excluded_holders.solana: network "solana" is not in supply_on',
    'invalid-reserve-references.yaml:22:34 reserves[1].proof_of_reserve.network: network "solana" is not an EVM network (Chainlink feeds are read on EVM chains)',
  ]],
  ['invalid-reserve-without-peg.yaml', [
    'invalid-reserve-without-peg.yaml:12:17 reserves[0].stablecoin: asset "DAI" has no peg: reserves are tracked for stablecoins only',
  ]],
  ['invalid-seed-phrase.yaml', [
    'invalid-seed-phrase.yaml:9:14 accounts[0].address: looks like a seed phrase: TCC is watch-only and never accepts seed phrases',
  ]],
  ['invalid-solana-address.yaml', [
    'invalid-solana-address.yaml:9:14 accounts[0].address: not a valid Solana address (expected base58 encoding of 32 bytes)',
  ]],
  ['invalid-token-id.yaml', [
    'invalid-token-id.yaml:10:17 assets.USDC.on.ethereum: not a valid EVM token contract address (checksum mismatch)',
    'invalid-token-id.yaml:11:15 assets.USDC.on.solana: not a valid Solana mint address (expected base58 encoding of 32 bytes)',
    'invalid-token-id.yaml:12:16 assets.USDC.on.cardano: not a valid Cardano asset id (expected 56 lower-case hex digits of policy id, then 0 to 64 hex digits of asset name)',
    'invalid-token-id.yaml:13:16 assets.USDC.on.bitcoin: Bitcoin has no tokens here: use "native"',
  ]],
  ['invalid-unknown-asset.yaml', [
    'invalid-unknown-asset.yaml:12:19 accounts[0].assets[1]: unknown asset "USDT" (configured: ETH, SOL)',
    'invalid-unknown-asset.yaml:12:25 accounts[0].assets[2]: asset "SOL" is not configured on network "ethereum" (add it under assets.SOL.on)',
  ]],
  ['invalid-unknown-key.yaml', [
    'invalid-unknown-key.yaml:3:3 exporter.poll_intervall: unknown key (did you mean "poll_interval"?)',
    'invalid-unknown-key.yaml:5:74 networks.ethereum.rpc_url: unknown key (did you mean "rpc_urls"?)',
    'invalid-unknown-key.yaml:12:5 accounts[0].label: unknown key (did you mean "labels"?)',
    'invalid-unknown-key.yaml:13:1 alerts: unknown key (expected one of: version, exporter, networks, prices, assets, accounts, reserves, ledger)',
  ]],
  ['invalid-unknown-network.yaml', [
    'invalid-unknown-network.yaml:5:34 assets.ETH.on.optimism: unknown network "optimism" (configured: ethereum)',
    'invalid-unknown-network.yaml:8:14 accounts[0].network: unknown network "base" (configured: ethereum)',
  ]],
  ['invalid-wrong-type.yaml', [
    'invalid-wrong-type.yaml:5:15 networks.ethereum.chain_id: expected a number, got a string',
    'invalid-wrong-type.yaml:6:15 networks.ethereum.rpc_urls: expected a list, got a string',
  ]],
  ['invalid-xprv.yaml', [
    'invalid-xprv.yaml:9:14 accounts[0].address: looks like an extended private key: TCC is watch-only and never accepts private keys',
    'invalid-xprv.yaml:12:14 accounts[1].address: looks like an extended private key: TCC is watch-only and never accepts private keys',
  ]],
  ['invalid-yaml-syntax.yaml', [
    'invalid-yaml-syntax.yaml:3:72: Flow sequence in block collection must be sufficiently indented and end with a ]',
    'invalid-yaml-syntax.yaml:3:73: Flow map in block collection must be sufficiently indented and end with a }',
  ]],
];

describe('invalid config files', () => {
  it.each(INVALID_FILES)('%s reports exactly its problems', async (file, expected) => {
    const result = await loadConfigFile(join(testdata, file), {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map(formatIssue)).toEqual(expected);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('covers every invalid-*.yaml in testdata', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir(testdata)).filter((f) => f.startsWith('invalid-')).sort();
    const covered = [...INVALID_FILES.map(([file]) => file), 'invalid-interpolated-secret.yaml'].sort();
    expect(files).toEqual(covered);
  });
});

describe('secrets stay out of messages', () => {
  it('never echoes an interpolated value, even where a message names the value', async () => {
    const env = { ETH_RPC_URL: 'wss://rpc.example/sup3r-s3cret-key', HOT_WALLET_NETWORK: 'mainnet-sup3r-s3cret' };
    const result = await loadConfigFile(join(testdata, 'invalid-interpolated-secret.yaml'), env);
    if (result.ok) throw new Error('expected failure');
    const messages = result.issues.map(formatIssue);
    expect(messages).toEqual([
      'invalid-interpolated-secret.yaml:3:50 networks.ethereum.rpc_urls[0]: not a valid http(s) URL',
      'invalid-interpolated-secret.yaml:8:14 accounts[0].network: unknown network "<redacted>" (configured: ethereum)',
    ]);
    expect(messages.join('\n')).not.toContain('s3cret');
  });

  it('never echoes a refused private key or seed phrase', async () => {
    for (const file of ['invalid-private-key.yaml', 'invalid-seed-phrase.yaml', 'invalid-xprv.yaml']) {
      const text = readFileSync(join(testdata, file), 'utf8');
      const result = parseConfigText(text, { file, env: {} });
      if (result.ok) throw new Error(`${file} should fail`);
      const output = result.issues.map(formatIssue).join('\n');
      for (const secret of ['4c0883a69102937d', 'ac0974bec39a17e3', 'abandon ability', 'xprv9z4ENsB1', 'zprvAdikzCWq']) {
        expect(output).not.toContain(secret);
      }
    }
  });
});

describe('parseConfigText', () => {
  const minimal = (extra = '') => `version: 1\nnetworks: {}\nassets: {}\naccounts: []\n${extra}`;

  it('accepts a minimal file and fills the exporter defaults', () => {
    const result = parseConfigText(minimal(), { file: 'min.yaml', env: {} });
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.config.exporter).toEqual({ poll_interval: 30_000, request_timeout: 10_000 });
    expect(result.config.reserves).toEqual([]);
  });

  it('writes a literal ${ for $${ and substitutes inside longer strings', () => {
    const text = minimal('exporter: { audit_log: "/var/log/$${HOME}/${SUB}/audit.jsonl" }\n');
    const result = parseConfigText(text, { file: 'min.yaml', env: { SUB: 'tcc' } });
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.config.exporter.audit_log).toBe('/var/log/${HOME}/tcc/audit.jsonl');
  });

  it('names the missing variable at the scalar that references it', () => {
    const text = 'version: 1\nnetworks:\n  ethereum: { kind: evm, chain_id: 1, rpc_urls: ["https://a.example", "${ETH_RPC_URL}"] }\nassets: {}\naccounts: []\n';
    const result = parseConfigText(text, { file: 'treasury.yaml', env: {} });
    expect(result.ok === false && result.issues.map(formatIssue)).toEqual([
      'treasury.yaml:3:71 networks.ethereum.rpc_urls[1]: environment variable ETH_RPC_URL is not set',
    ]);
  });

  it('allows a 64-hex-digit Cardano asset unit but not a 64-hex-digit value elsewhere', () => {
    const unit = 'f43a62fdc3965df486de8a0d32fe800963589c41b38946602a0dc53541474958';
    const cardano = `version: 1\nnetworks:\n  cardano: { kind: cardano, blockfrost_project_id: p }\nassets:\n  AGIX: { on: { cardano: "${unit}" } }\naccounts: []\n`;
    expect(parseConfigText(cardano, { file: 'c.yaml', env: {} }).ok).toBe(true);
    const result = parseConfigText(minimal(`exporter: { audit_log: "${unit}" }\n`), { file: 'c.yaml', env: {} });
    expect(result.ok === false && result.issues.map(formatIssue)).toEqual([
      'c.yaml:5:24 exporter.audit_log: looks like a private key: TCC is watch-only and never accepts private keys',
    ]);
  });

  it('keeps unquoted long hex as text: addresses work, private keys are still caught', () => {
    const text =
      'version: 1\nnetworks:\n  ethereum: { kind: evm, chain_id: 0x1, rpc_urls: ["https://a.example"] }\n' +
      'assets:\n  USDC: { on: { ethereum: 0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48 } }\n' +
      'accounts:\n  - { name: a, network: ethereum, address: 0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045 }\n';
    const result = parseConfigText(text, { file: 'hex.yaml', env: {} });
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.config.accounts[0]?.address).toBe('0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045');
    expect(result.config.assets.USDC?.on.ethereum).toBe('0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48');
    const ethereum = result.config.networks.ethereum;
    expect(ethereum?.kind === 'evm' && ethereum.chain_id).toBe(1);

    const leaked = parseConfigText(text.replace('0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'), { file: 'hex.yaml', env: {} });
    expect(leaked.ok === false && leaked.issues.map(formatIssue)).toEqual([
      'hex.yaml:7:44 accounts[0].address: looks like a private key: TCC is watch-only and never accepts private keys',
    ]);
  });

  it('reports an unreadable file as an issue, not an exception', async () => {
    const result = await loadConfigFile(join(testdata, 'does-not-exist.yaml'), {});
    expect(result).toEqual({
      ok: false,
      issues: [{ file: 'does-not-exist.yaml', line: 1, column: 1, path: '', message: 'cannot read the config file (ENOENT)' }],
    });
  });
});
