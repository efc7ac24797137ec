/**
 * Error text made safe for logs, labels and the status API. Client libraries (viem among them)
 * quote the request URL, whose path or query may carry an API key: every URL is cut to its host.
 */
import { endpointHost } from './types.js';

const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()]+/gi;

/** Replaces every URL in `message` by its host. */
export function redactUrls(message: string): string {
  return message.replace(URL_PATTERN, (url) => {
    // Sentence punctuation right after a URL is not part of it.
    const trailing = /[.,;:]+$/.exec(url)?.[0] ?? '';
    return endpointHost(url.slice(0, url.length - trailing.length)) + trailing;
  });
}

/** The first line of an error (viem's `shortMessage` when there is one), URLs cut to hosts. */
export function safeErrorMessage(error: unknown): string {
  const shortMessage = (error as { shortMessage?: unknown } | null)?.shortMessage;
  const message = (error as { message?: unknown } | null)?.message;
  const raw = typeof shortMessage === 'string' ? shortMessage : typeof message === 'string' ? message : String(error);
  return redactUrls(raw.split('\n')[0] ?? raw);
}
