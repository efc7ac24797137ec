import { address } from '@solana/kit';
import { findAssociatedTokenAddress } from './associatedTokenAddress.js';
import { TOKEN_2022_PROGRAM_ADDRESS, TOKEN_PROGRAM_ADDRESS } from './programs.js';

const USDC = address('EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v');

describe('findAssociatedTokenAddress', () => {
  // Published pair from metaplex-foundation/Solana.Swift, Tests/SolanaTests/AssociatedTokenProgramTests.swift.
  it('derives the published ATA of a wallet for mainnet USDC (Token program)', async () => {
    const ata = await findAssociatedTokenAddress({
      owner: address('3h1zGmCwsRJnVk5BuRNMLsPaQu1y2aqXqXDWYCgrp5UG'),
      mint: USDC,
      tokenProgram: TOKEN_PROGRAM_ADDRESS,
    });
    expect(ata).toBe('3uetDDizgTtadDHZzyy9BqxrjQcozMEkxzbKhfZF4tG3');
  });

  // Pairs from a public Rust SPL helper's tests, obtained there with
  // `spl-token address --owner … --token … --url mainnet-beta`.
  it('derives the ATA of another wallet for USDC, matching spl-token CLI output', async () => {
    const ata = await findAssociatedTokenAddress({
      owner: address('AAAGuCgkmxYDTiBvzx1QT5XEjqXPRtQaiEXQo4gatD2o'),
      mint: USDC,
      tokenProgram: TOKEN_PROGRAM_ADDRESS,
    });
    expect(ata).toBe('Cra8woRQhnHsGAmFWcCN1m7A9J44ykNfGpehi6dMBuKR');
  });

  it('uses the Token-2022 program id as a seed for Token-2022 mints (BonkEarn)', async () => {
    const owner = address('AAAGuCgkmxYDTiBvzx1QT5XEjqXPRtQaiEXQo4gatD2o');
    const mint = address('CKfatsPMUf8SkiURsDXs7eK6GWb4Jsd6UDbs7twMCWxo');
    const ata2022 = await findAssociatedTokenAddress({ owner, mint, tokenProgram: TOKEN_2022_PROGRAM_ADDRESS });
    expect(ata2022).toBe('GPtCoaz35vdCrFbyhxcRrkYvECrUkrBX6CoRZEv8EQDw');
    const ataWrongProgram = await findAssociatedTokenAddress({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
    expect(ataWrongProgram).not.toBe(ata2022);
  });
});
