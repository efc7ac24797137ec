import { redactUrls } from '../../chains/redact.js';
import type { Config } from '../../config/index.js';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/gu;
const MAX_ERROR_LENGTH = 500;
const MINIMUM_SECRET_LENGTH = 4;

/**
 * Cleans an error message for the status API: every known secret value is replaced, every URL is
 * reduced to its host (a path or query may carry an API key), control characters are dropped and
 * the text is capped, since errors come from remote servers.
 */
export function redactErrorText(message: string, secrets: Iterable<string>): string {
  let out = redactUrls(message);
  const ordered = [...new Set(secrets)].filter((secret) => secret.length >= MINIMUM_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of ordered) out = out.split(secret).join('<redacted>');
  out = out.replace(CONTROL_CHARACTERS, ' ');
  return out.length > MAX_ERROR_LENGTH ? `${out.slice(0, MAX_ERROR_LENGTH)}…` : out;
}

/**
 * Values in a config that must never leave the process: API keys, project ids, and the parts of
 * endpoint URLs that can carry a key (credentials, long path segments, query values), in case an
 * error quotes them without the URL around them.
 */
export function configSecrets(config: Config): string[] {
  const secrets: string[] = [];
  const urls: string[] = [];
  for (const network of Object.values(config.networks)) {
    if ('rpc_urls' in network) urls.push(...network.rpc_urls);
    if ('esplora_urls' in network) urls.push(...network.esplora_urls);
    if ('blockfrost_project_id' in network) secrets.push(network.blockfrost_project_id);
    if ('base_url' in network && network.base_url) urls.push(network.base_url);
  }
  const coingecko = config.prices?.coingecko;
  if (coingecko?.api_key) secrets.push(coingecko.api_key);
  if (coingecko?.base_url) urls.push(coingecko.base_url);
  if (config.prices?.defillama?.base_url) urls.push(config.prices.defillama.base_url);
  for (const url of urls) secrets.push(...urlSecretParts(url));
  if (config.ledger) {
    // The whole URL and its password whatever its length: a database password is a credential.
    secrets.push(config.ledger.postgres_url, ...urlSecretParts(config.ledger.postgres_url), ...urlPasswords(config.ledger.postgres_url));
  }
  return secrets;
}

const MINIMUM_URL_PART_LENGTH = 8;

function urlSecretParts(url: string): string[] {
  try {
    const parsed = new URL(url);
    const parts = [
      decodeURIComponent(parsed.username),
      decodeURIComponent(parsed.password),
      ...parsed.pathname.split('/').map((segment) => decodeURIComponent(segment)),
      ...[...parsed.searchParams.values()],
    ];
    return parts.filter((part) => part.length >= MINIMUM_URL_PART_LENGTH);
  } catch {
    return [url];
  }
}

function urlPasswords(url: string): string[] {
  try {
    const raw = new URL(url).password;
    return raw ? [raw, decodeURIComponent(raw)] : [];
  } catch {
    return [];
  }
}
