import type { Account, NetworksCatalog } from '../api/schemas';

/** Test data in the admin API's shapes (DESIGN §5). */

export const EVM_ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
export const SOLANA_ADDRESS = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

export function accountFactory(overrides: Partial<Account> = {}): Account {
  return {
    name: 'ops-hot',
    network: 'ethereum',
    address: EVM_ADDRESS,
    assets: ['ETH', 'USDC'],
    labels: { entity: 'acme' },
    min_balance: { ETH: 2 },
    ...overrides,
  };
}

export function networksFactory(): NetworksCatalog {
  return {
    networks: { ethereum: { kind: 'evm' }, solana: { kind: 'solana' } },
    assets: {
      ETH: { on: { ethereum: 'native' } },
      USDC: { on: { ethereum: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', solana: SOLANA_ADDRESS } },
      SOL: { on: { solana: 'native' } },
    },
  };
}
