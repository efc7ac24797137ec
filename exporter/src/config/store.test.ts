import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './issues.js';
import type { LoadedConfig } from './load.js';
import { ConfigStore } from './store.js';

const configWith = (accounts: string) => `version: 1
networks:
  ethereum: { kind: evm, chain_id: 1, rpc_urls: ["\${ETH_RPC_URL}"] }
assets:
  ETH: { on: { ethereum: native } }
accounts:
${accounts}`;

const OPS_HOT = `  - name: ops-hot
    network: ethereum
    address: "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045"
`;
const CUSTODY = `  - name: custody-1
    network: ethereum
    address: "0x28c6c06298d514db089934071355e5743bf21d60"
`;
const ENV = { ETH_RPC_URL: 'https://rpc.example/secret-key-9' };

describe('ConfigStore', () => {
  let directory: string;
  let path: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tcc-config-'));
    path = join(directory, 'treasury.yaml');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('throws on current before the first load', () => {
    const store = new ConfigStore({ path, env: ENV });
    expect(() => store.current).toThrow('no config loaded yet');
    expect(store.lastReloadSuccessful).toBe(false);
    expect(store.lastReloadSuccessTimestamp).toBe(0);
  });

  it('loads a good file', async () => {
    await writeFile(path, configWith(OPS_HOT));
    const store = new ConfigStore({ path, env: ENV });
    const before = Math.floor(Date.now() / 1000);
    const loaded = await store.load();
    expect(store.current).toBe(loaded);
    expect(loaded.path).toBe(path);
    expect(loaded.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.config.accounts.map((a) => a.name)).toEqual(['ops-hot']);
    expect(store.lastReloadSuccessful).toBe(true);
    expect(store.lastReloadSuccessTimestamp).toBeGreaterThanOrEqual(before);
  });

  it('rejects the first load with every formatted issue', async () => {
    await writeFile(path, configWith(`  - name: ops-hot\n    network: base\n    address: "0xd8dA6BF26964aF9D7eEd9e03E53415D37AA96045"\n`));
    const store = new ConfigStore({ path, env: {} });
    const failure = await store.load().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as ConfigError).message).toBe(
      [
        'treasury.yaml:3:50 networks.ethereum.rpc_urls[0]: environment variable ETH_RPC_URL is not set',
        'treasury.yaml:8:14 accounts[0].network: unknown network "base" (configured: ethereum)',
      ].join('\n'),
    );
    expect((failure as ConfigError).issues).toHaveLength(2);
    expect(store.lastReloadSuccessful).toBe(false);
  });

  it('keeps the previous config when a reload fails, and reports why', async () => {
    await writeFile(path, configWith(OPS_HOT));
    const store = new ConfigStore({ path, env: ENV });
    const first = await store.load();
    const calls: Array<[LoadedConfig, LoadedConfig]> = [];
    store.onChange((next, previous) => calls.push([next, previous]));

    await writeFile(path, configWith(OPS_HOT + '    colour: blue\n'));
    const result = await store.reload();
    expect(result).toEqual({
      status: 'failed',
      issues: [
        { file: 'treasury.yaml', line: 10, column: 5, path: 'accounts[0].colour', message: 'unknown key (expected one of: name, network, address, assets, labels, min_balance)' },
      ],
    });
    expect(store.current).toBe(first);
    expect(store.lastReloadSuccessful).toBe(false);
    expect(calls).toEqual([]);
  });

  it('answers unchanged for identical bytes without calling listeners', async () => {
    await writeFile(path, configWith(OPS_HOT));
    const store = new ConfigStore({ path, env: ENV });
    const first = await store.load();
    let calls = 0;
    store.onChange(() => {
      calls += 1;
    });
    expect(await store.reload()).toEqual({ status: 'unchanged' });
    expect(store.current).toBe(first);
    expect(calls).toBe(0);
    expect(store.lastReloadSuccessful).toBe(true);
  });

  it('swaps in a good change and calls listeners with next and previous', async () => {
    await writeFile(path, configWith(OPS_HOT));
    const store = new ConfigStore({ path, env: ENV });
    const first = await store.load();
    const calls: Array<[LoadedConfig, LoadedConfig]> = [];
    const unsubscribe = store.onChange((next, previous) => calls.push([next, previous]));
    // A throwing listener must not keep the others from hearing about the change.
    store.onChange(() => {
      throw new Error('listener bug');
    });

    // A failed reload in between: the next good one must flip the flag back.
    await writeFile(path, 'version: [');
    expect((await store.reload()).status).toBe('failed');
    expect(store.lastReloadSuccessful).toBe(false);

    await writeFile(path, configWith(OPS_HOT + CUSTODY));
    const before = Math.floor(Date.now() / 1000);
    expect(await store.reload()).toEqual({ status: 'reloaded' });
    expect(store.lastReloadSuccessful).toBe(true);
    expect(store.lastReloadSuccessTimestamp).toBeGreaterThanOrEqual(before);
    expect(store.current.config.accounts.map((a) => a.name)).toEqual(['ops-hot', 'custody-1']);
    expect(store.current.sha256).not.toBe(first.sha256);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[0]).toBe(store.current);
    expect(calls[0]?.[1]).toBe(first);

    unsubscribe();
    await writeFile(path, configWith(CUSTODY));
    expect(await store.reload()).toEqual({ status: 'reloaded' });
    expect(calls).toHaveLength(1);
  });

  it('runs concurrent reloads one after another', async () => {
    await writeFile(path, configWith(OPS_HOT));
    const store = new ConfigStore({ path, env: ENV });
    await store.load();
    await writeFile(path, configWith(OPS_HOT + CUSTODY));
    let calls = 0;
    store.onChange(() => {
      calls += 1;
    });
    const results = await Promise.all([store.reload(), store.reload()]);
    expect(results.map((r) => r.status)).toEqual(['reloaded', 'unchanged']);
    expect(calls).toBe(1);
  });

  it('keeps interpolated secrets out of reload issues', async () => {
    await writeFile(path, configWith(OPS_HOT));
    const store = new ConfigStore({ path, env: { ETH_RPC_URL: 'ftp://secret-host-4711/key' } });
    const failure = (await store.load().then(() => undefined, (error: unknown) => error)) as Error;
    expect(failure.message).toBe('treasury.yaml:3:50 networks.ethereum.rpc_urls[0]: not a valid http(s) URL');
    expect(failure.message).not.toContain('secret-host-4711');
  });
});
