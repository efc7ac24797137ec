/**
 * The `ledger` config section: an optional strict mapping with one key, `postgres_url`, which
 * takes `${VAR}` like every string and whose value never appears in an error message.
 */
import { formatIssue, parseConfigText } from '../config/index.js';

const base = `version: 1
networks: {}
assets: {}
accounts: []
`;

const parse = (ledger: string, env: Record<string, string> = {}) => parseConfigText(`${base}${ledger}`, { file: 'treasury.yaml', env });
const issues = (ledger: string, env: Record<string, string> = {}) => {
  const result = parse(ledger, env);
  return result.ok ? [] : result.issues.map(formatIssue);
};

test('absent means no ledger', () => {
  const result = parse('');
  expect(result.ok && result.config.ledger).toBeUndefined();
});

test('postgres_url is interpolated from the environment', () => {
  const url = 'postgres://tcc:ledgerSecretPw123@db.internal:5432/treasury';
  const result = parse('ledger:\n  postgres_url: "${TREASURY_LEDGER_URL}"\n', { TREASURY_LEDGER_URL: url });
  expect(result.ok && result.config.ledger).toEqual({ postgres_url: url });
});

test('a value that is not a postgres URL is refused without being echoed', () => {
  expect(issues('ledger:\n  postgres_url: "${TREASURY_LEDGER_URL}"\n', { TREASURY_LEDGER_URL: 'mysql://root:ledgerSecretPw123@db/x' })).toEqual([
    'treasury.yaml:6:17 ledger.postgres_url: not a valid postgres://user:password@host:port/database URL',
  ]);
  expect(issues('ledger:\n  postgres_url: "postgresql:///treasury"\n')).toEqual([
    'treasury.yaml:6:17 ledger.postgres_url: not a valid postgres://user:password@host:port/database URL',
  ]);
});

test('unknown keys and a missing variable are errors', () => {
  expect(issues('ledger:\n  postgres_ur: "postgres://db/x"\n')).toEqual([
    'treasury.yaml:6:3 ledger.postgres_ur: unknown key (did you mean "postgres_url"?)',
    'treasury.yaml:6:3 ledger.postgres_url: missing required key',
  ]);
  expect(issues('ledger:\n  postgres_url: "${TREASURY_LEDGER_URL}"\n')).toEqual([
    'treasury.yaml:6:17 ledger.postgres_url: environment variable TREASURY_LEDGER_URL is not set',
  ]);
});
