/**
 * The output-descriptor checksum of BIP-380: eight bech32 characters after `#`, a BCH code over
 * the descriptor text that catches typos a wallet export or a copy-paste may introduce.
 */
const INPUT_CHARSET = '0123456789()[],\'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#"\\ ';
const CHECKSUM_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0xf5dee51989n, 0xa9fdca3312n, 0x1bab10e32dn, 0x3706b1677an, 0x644d626ffdn];

function polymod(c: bigint, value: number): bigint {
  const top = c >> 35n;
  let next = ((c & 0x7ffffffffn) << 5n) ^ BigInt(value);
  for (let bit = 0; bit < 5; bit += 1) {
    if ((top >> BigInt(bit)) & 1n) next ^= GENERATOR[bit]!;
  }
  return next;
}

/**
 * Computes the checksum of a descriptor without its `#…` suffix.
 * @returns the eight checksum characters, or null when the text has a character outside the descriptor charset.
 */
export function descriptorChecksum(descriptor: string): string | null {
  let c = 1n;
  let groupClass = 0;
  let groupCount = 0;
  for (const character of descriptor) {
    const position = INPUT_CHARSET.indexOf(character);
    if (position < 0) return null;
    c = polymod(c, position & 31);
    groupClass = groupClass * 3 + (position >> 5);
    groupCount += 1;
    if (groupCount === 3) {
      c = polymod(c, groupClass);
      groupClass = 0;
      groupCount = 0;
    }
  }
  if (groupCount > 0) c = polymod(c, groupClass);
  for (let index = 0; index < 8; index += 1) c = polymod(c, 0);
  c ^= 1n;
  let result = '';
  for (let index = 0; index < 8; index += 1) result += CHECKSUM_CHARSET[Number((c >> BigInt(5 * (7 - index))) & 31n)];
  return result;
}
