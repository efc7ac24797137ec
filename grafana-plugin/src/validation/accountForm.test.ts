import { accountFactory, EVM_ADDRESS, networksFactory, SOLANA_ADDRESS } from '../test/factories';
import {
  accountToForm,
  diffAccounts,
  formToAccount,
  isFormValid,
  validateAccountForm,
  type AccountFormValues,
} from './accountForm';

const catalog = networksFactory();
const valid = (overrides: Partial<AccountFormValues> = {}): AccountFormValues => ({
  name: 'ops-hot',
  network: 'ethereum',
  address: EVM_ADDRESS,
  assets: ['USDC'],
  labels: [{ key: 'entity', value: 'acme' }],
  minBalances: [{ asset: 'USDC', amount: '1000' }],
  ...overrides,
});

describe('validateAccountForm', () => {
  it('accepts a valid account', () => {
    expect(validateAccountForm(valid(), { catalog, existingNames: ['custody-1'] })).toEqual({});
  });

  it("uses the network's kind for the address check", () => {
    const errors = validateAccountForm(valid({ network: 'solana', assets: [], minBalances: [] }), {
      catalog,
      existingNames: [],
    });
    expect(errors.address).toBe('not a valid Solana address (expected base58 encoding of 32 bytes)');
    expect(
      validateAccountForm(valid({ network: 'solana', address: SOLANA_ADDRESS, assets: [], minBalances: [] }), {
        catalog,
        existingNames: [],
      })
    ).toEqual({});
  });

  it('refuses names, networks, assets, labels and minimums the exporter would refuse', () => {
    const errors = validateAccountForm(
      {
        name: '-bad',
        network: 'polygon',
        address: EVM_ADDRESS,
        assets: ['SOL'],
        labels: [
          { key: 'asset', value: 'x' },
          { key: '__x', value: 'y' },
          { key: 'team', value: 'a' },
          { key: 'team', value: 'b' },
        ],
        minBalances: [
          { asset: 'ETH', amount: '-1' },
          { asset: 'ETH', amount: 'lots' },
        ],
      },
      { catalog, existingNames: [] }
    );
    expect(errors).toEqual({
      name: 'account names must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
      network: 'network "polygon" is not configured on the exporter',
      assets: 'asset SOL is not configured on network polygon',
      'labels.0.key': 'label name is reserved (account, network, address, asset are set by the exporter)',
      'labels.1.key': 'label names starting with "__" are reserved by Prometheus',
      'labels.3.key': 'label team appears twice',
      'minBalances.0.asset': 'asset ETH is not configured on network polygon',
      'minBalances.0.amount': 'must be at least 0',
      'minBalances.1.asset': 'minimum for ETH appears twice',
      'minBalances.1.amount': 'expected a number',
    });
    expect(isFormValid(errors)).toBe(false);
  });

  it('checks only syntax when the exporter offers no catalog', () => {
    expect(
      validateAccountForm(valid({ network: 'polygon', address: 'whatever' }), { catalog: null, existingNames: [] })
    ).toEqual({});
  });
});

describe('conversion', () => {
  it('round-trips an account and leaves out empty optional parts', () => {
    const account = accountFactory();
    expect(formToAccount(accountToForm(account))).toEqual(account);
    expect(formToAccount(valid({ assets: [], labels: [], minBalances: [] }))).toEqual({
      name: 'ops-hot',
      network: 'ethereum',
      address: EVM_ADDRESS,
    });
  });
});

describe('diffAccounts', () => {
  it('names added, removed and changed accounts', () => {
    const a = accountFactory({ name: 'a' });
    const b = accountFactory({ name: 'b' });
    const c = accountFactory({ name: 'c' });
    expect(diffAccounts([a, b], [{ ...a, min_balance: { ETH: 9 } }, c])).toEqual({
      added: ['c'],
      removed: ['b'],
      changed: ['a'],
    });
  });
});
