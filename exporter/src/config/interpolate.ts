/**
 * `${VAR}` substitution in config strings. Secrets (RPC URLs with keys, API keys) stay in the
 * environment, the file stays committable. `$${` writes a literal `${`.
 */

export type Environment = Record<string, string | undefined>;

export type InterpolateResult =
  | { ok: true; value: string; substituted: string[] }
  | { ok: false; messages: string[] };

const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces every `${VAR}` in `text` from `env`.
 * @returns the new string and the substituted values (so callers can keep them out of messages),
 *   or one message per missing or malformed reference (naming the variable, never a value).
 */
export function interpolate(text: string, env: Environment): InterpolateResult {
  if (!text.includes('$')) return { ok: true, value: text, substituted: [] };
  const messages: string[] = [];
  const substituted: string[] = [];
  const value = text.replace(REFERENCE, (match, name: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      messages.push('unterminated "${" (write "$${" for a literal "${")');
      return match;
    }
    if (!VARIABLE_NAME.test(name)) {
      messages.push('invalid environment variable reference (expected ${NAME} with letters, digits and _)');
      return match;
    }
    const replacement = env[name];
    if (replacement === undefined) {
      messages.push(`environment variable ${name} is not set`);
      return match;
    }
    substituted.push(replacement);
    return replacement;
  });
  return messages.length > 0 ? { ok: false, messages } : { ok: true, value, substituted };
}

/** The shortest substituted value that is scrubbed from messages; shorter ones carry no secret. */
const MINIMUM_SCRUB_LENGTH = 4;

/**
 * Removes every substituted value from a message. Messages are built not to echo values, but
 * some name things (`unknown network "x"`) and a name may itself come from the environment.
 */
export function scrubSecrets(message: string, secrets: ReadonlySet<string>): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= MINIMUM_SCRUB_LENGTH) out = out.split(secret).join('<redacted>');
  }
  return out;
}
