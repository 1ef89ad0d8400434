import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * Scripts and styles come only from the console itself (no inline script, no eval), nothing
 * may frame it, forms post only to it. Untrusted text that slipped past escaping still could
 * not run.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // same-origin, not no-referrer: with no-referrer a form POST's Origin is "null", which the CSRF check refuses.
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

/**
 * A server-made document with its own <style> blocks (the weekly report is one self-contained
 * file): those exact blocks are allowed by their hashes, no other inline style and still no
 * inline script.
 */
export function allowOwnStyles(res: ServerResponse, document: string): void {
  const hashes = [...document.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    ([, css]) => `'sha256-${createHash('sha256').update(css!, 'utf8').digest('base64')}'`,
  );
  if (hashes.length === 0) return;
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' ${hashes.join(' ')}`));
}
