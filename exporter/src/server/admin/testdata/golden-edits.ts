import type { AccountInput } from '../account-body.js';

/** The account the golden test adds to commented.yaml. */
export const ADD: AccountInput = {
  name: 'treasury-2',
  network: 'ethereum',
  address: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48',
  assets: ['USDC'],
  labels: { entity: 'acme' },
  min_balance: { USDC: 5 },
};

/** The new version of `payroll`: one label changed, one added, a minimum added. */
export const EDIT: AccountInput = {
  name: 'payroll',
  network: 'solana',
  address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
  labels: { entity: 'acme', purpose: 'salaries', team: 'hr' },
  min_balance: { USDC: 10 },
};
