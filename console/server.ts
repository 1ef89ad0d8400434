import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CONSOLE_CSS } from './assets/console-css.js';
import { CONSOLE_JS } from './assets/console-js.js';
import type { ConsoleDeps } from './deps.js';
import { anomalyRoutes } from './anomaly-routes.js';
import { decisionRoutes } from './decision-routes.js';
import { HttpError, readFields, redirect, sendHtml, sendJson } from './http-io.js';
import { html } from './html.js';
import { page } from './layout.js';
import { pageRoutes } from './page-routes.js';
import { reportRoutes } from './report-routes.js';
import { signInRoutes } from './sign-in-routes.js';
import { readCookie, sameToken, SESSION_COOKIE, sessionCookie, SessionStore, type Session } from './sessions.js';
import { setSecurityHeaders } from './security-headers.js';

/** One request as the routes see it: its session is already resolved and, for a POST, its CSRF token checked. */
export interface ConsoleRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  session: Session;
  /** A POST's body (JSON object or form), already read; empty for a GET. */
  fields: Record<string, unknown>;
  /** Replaces the session (sign-in, sign-out) and sends its cookie with the response. */
  setSession(next: Session | undefined): void;
}

export type Route = (ctx: ConsoleRequest, params: string[]) => Promise<void>;
export interface RouteTable {
  method: 'GET' | 'POST';
  path: RegExp;
  /** Open to a browser that has not signed in (sign-in, enrollment, assets). */
  open?: boolean;
  handle: Route;
}

const ASSETS: Record<string, { type: string; body: string }> = {
  '/assets/console.js': { type: 'text/javascript; charset=utf-8', body: CONSOLE_JS },
  '/assets/console.css': { type: 'text/css; charset=utf-8', body: CONSOLE_CSS },
};

/**
 * The console: server-rendered pages on one port. Every response carries a strict CSP; every
 * POST must come from the console's own origin with the session's CSRF token; every page but
 * sign-in and enrollment needs a signed-in session, and no session alone can decide (each
 * decision is its own passkey assertion, decision-routes.ts).
 */
export function createConsoleServer(deps: ConsoleDeps): Server {
  const sessions = new SessionStore(deps.now);
  const origin = new URL(deps.origin);
  const secure = origin.protocol === 'https:';
  const routes: RouteTable[] = [...signInRoutes(deps, sessions), ...pageRoutes(deps), ...decisionRoutes(deps), ...anomalyRoutes(deps), ...reportRoutes(deps)];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    // Passkeys are bound to one origin: a browser that came by another name (127.0.0.1) is sent there.
    if (req.headers.host !== origin.host) {
      if (method === 'GET') return redirect(res, new URL(req.url ?? '/', deps.origin).toString());
      throw new HttpError(403, `open the console at ${deps.origin}`);
    }
    const url = new URL(req.url ?? '/', deps.origin);
    const asset = method === 'GET' ? ASSETS[url.pathname] : undefined;
    if (asset) {
      res.writeHead(200, { 'Content-Type': asset.type });
      return void res.end(asset.body);
    }
    const resolved = sessions.resolve(readCookie(req.headers.cookie, SESSION_COOKIE));
    let session = resolved.session;
    if (resolved.fresh) res.setHeader('Set-Cookie', sessionCookie(session, secure));
    const ctx: ConsoleRequest = {
      req,
      res,
      url,
      session,
      fields: {},
      setSession(next) {
        if (next) {
          session = next;
          ctx.session = next;
          res.setHeader('Set-Cookie', sessionCookie(next, secure));
        } else {
          res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
        }
      },
    };
    if (method === 'POST') {
      refuseCrossSite(req, deps.origin);
      ctx.fields = await readFields(req);
      const header = req.headers['x-csrf-token'];
      const token = typeof header === 'string' ? header : typeof ctx.fields._csrf === 'string' ? ctx.fields._csrf : undefined;
      if (!sameToken(session.csrfToken, token)) throw new HttpError(403, 'the CSRF token is missing or does not match this session; reload the page');
    }
    for (const route of routes) {
      if (route.method !== method) continue;
      const match = route.path.exec(url.pathname);
      if (!match) continue;
      if (!route.open && !session.approver) {
        if (method === 'GET') return redirect(res, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
        throw new HttpError(401, 'sign in with your passkey first');
      }
      return route.handle(ctx, match.slice(1).map(decodeURIComponent));
    }
    throw new HttpError(404, `no page at ${url.pathname}`);
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) deps.onError?.(error);
      const message = error instanceof HttpError ? error.message : 'the console failed to answer; see its log';
      if (res.headersSent) return void res.end();
      if ((req.headers.accept ?? '').includes('application/json') || req.headers['content-type']?.startsWith('application/json'))
        return sendJson(res, status, { error: message });
      sendHtml(
        res,
        status,
        page(
          { title: 'Error', csrfToken: '' },
          html`<h1>${status}</h1>
            <p class="error">${message}</p>
            <p><a href="/">Back to the queue</a></p>`,
        ),
      );
    });
  });
}

/** A POST from another site is refused before its body is read; the CSRF token is checked next. */
function refuseCrossSite(req: IncomingMessage, origin: string): void {
  const from = req.headers.origin;
  if (from !== undefined && from !== origin) throw new HttpError(403, `cross-origin request from ${from} refused`);
  if (req.headers['sec-fetch-site'] === 'cross-site') throw new HttpError(403, 'cross-site request refused');
}
