import {
  accountBalanceChanges,
  configChanges,
  MATCH_ALL_FILTERS,
  recentBalanceChanges,
  sqlFullMatch,
  sqlLiteral,
  sqlRegexString,
  VARIABLE_FILTERS,
} from './index.js';

const NETWORK_VARIABLE = "network ~ ('^(' || $tcc_re$${network:regex}$tcc_re$ || ')$')";
const ASSET_VARIABLE = "asset ~ ('^(' || $tcc_re$${asset:regex}$tcc_re$ || ')$')";
const CHANGED_FIELDS =
  "(SELECT string_agg(key, ', ' ORDER BY key) FROM (" +
  "SELECT key FROM jsonb_each(CASE WHEN jsonb_typeof(before) = 'object' THEN before ELSE '{}'::jsonb END)" +
  " UNION SELECT key FROM jsonb_each(CASE WHEN jsonb_typeof(after) = 'object' THEN after ELSE '{}'::jsonb END)" +
  ') AS fields WHERE before -> key IS DISTINCT FROM after -> key) AS changed';

describe('quoting', () => {
  it('doubles single quotes in literals', () => {
    expect(sqlLiteral("o'brien")).toBe("'o''brien'");
    expect(sqlLiteral('back\\slash')).toBe("'back\\slash'");
  });

  it('dollar-quotes regexes and refuses one that would close the quote', () => {
    expect(sqlRegexString("a'b|c")).toBe("$tcc_re$a'b|c$tcc_re$");
    expect(() => sqlRegexString('x$tcc_re$ OR true --')).toThrow('regex must not contain $tcc_re$');
  });

  it('anchors the match at both ends like a Prometheus =~ matcher', () => {
    expect(sqlFullMatch('asset', 'USDC|USDT')).toBe("asset ~ ('^(' || $tcc_re$USDC|USDT$tcc_re$ || ')$')");
  });
});

describe('balance changes', () => {
  it('lists the latest 200 changes under the network and asset variables, newest first', () => {
    expect(recentBalanceChanges(VARIABLE_FILTERS)).toBe(
      [
        'SELECT observed_at AS "time", account, network, asset, previous, "current", delta, price_usd, delta_usd',
        'FROM tcc_balance_changes',
        `WHERE $__timeFilter(observed_at)\n  AND ${NETWORK_VARIABLE}\n  AND ${ASSET_VARIABLE}`,
        'ORDER BY observed_at DESC',
        'LIMIT 200',
      ].join('\n')
    );
  });

  it('takes another limit and literal regexes', () => {
    expect(recentBalanceChanges(MATCH_ALL_FILTERS, { limit: 10 })).toBe(
      'SELECT observed_at AS "time", account, network, asset, previous, "current", delta, price_usd, delta_usd\n' +
        'FROM tcc_balance_changes\n' +
        'WHERE $__timeFilter(observed_at)\n' +
        "  AND network ~ ('^(' || $tcc_re$.*$tcc_re$ || ')$')\n" +
        "  AND asset ~ ('^(' || $tcc_re$.*$tcc_re$ || ')$')\n" +
        'ORDER BY observed_at DESC\n' +
        'LIMIT 10'
    );
  });

  it("narrows to one account with a quoted literal and keeps the page's filters", () => {
    expect(accountBalanceChanges(VARIABLE_FILTERS, "ops'hot")).toBe(
      [
        'SELECT observed_at AS "time", network, asset, previous, "current", delta, price_usd, delta_usd',
        'FROM tcc_balance_changes',
        `WHERE $__timeFilter(observed_at)\n  AND account = 'ops''hot'\n  AND ${NETWORK_VARIABLE}\n  AND ${ASSET_VARIABLE}`,
        'ORDER BY observed_at DESC',
        'LIMIT 500',
      ].join('\n')
    );
  });
});

describe('configuration changes', () => {
  it('lists who changed which account, the changed fields, before and after', () => {
    expect(configChanges()).toBe(
      [
        `SELECT changed_at AS "time", actor, action, account, ${CHANGED_FIELDS}, before::text AS before, after::text AS after`,
        'FROM tcc_config_changes',
        'WHERE $__timeFilter(changed_at)',
        'ORDER BY changed_at DESC',
        'LIMIT 200',
      ].join('\n')
    );
  });

  it('narrows to one account', () => {
    expect(configChanges({ account: 'cold.1', limit: 50 })).toBe(
      [
        `SELECT changed_at AS "time", actor, action, account, ${CHANGED_FIELDS}, before::text AS before, after::text AS after`,
        'FROM tcc_config_changes',
        "WHERE $__timeFilter(changed_at)\n  AND account = 'cold.1'",
        'ORDER BY changed_at DESC',
        'LIMIT 50',
      ].join('\n')
    );
  });
});
