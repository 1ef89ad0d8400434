import { html, type Html } from './html.js';

export interface PageFrame {
  title: string;
  csrfToken: string;
  /** The signed-in approver, shown in the header; absent on the sign-in and enrollment pages. */
  approver?: string | undefined;
}

/** Every page: one stylesheet and one script from the console itself, the CSRF token in a meta tag for the script. */
export function page(frame: PageFrame, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content="${frame.csrfToken}" />
        <title>${frame.title} · Tollgate</title>
        <link rel="stylesheet" href="/assets/console.css" />
        <script src="/assets/console.js" defer></script>
      </head>
      <body>
        <header>
          <a class="brand" href="/">Tollgate</a>
          ${
            frame.approver
              ? html`<nav>
                    <a href="/">Approval queue</a> <a href="/anomalies">Anomalies</a> <a href="/dashboards">Dashboards</a>
                    <a href="/reports/weekly">Weekly report</a>
                  </nav>
                  <form method="post" action="/logout" class="whoami">
                    <span>signed in as <strong>${frame.approver}</strong></span> <input type="hidden" name="_csrf" value="${frame.csrfToken}" /><button
                      type="submit"
                    >
                      Sign out
                    </button>
                  </form>`
              : html`<nav><a href="/login">Sign in</a> <a href="/enroll">Register a passkey</a></nav>`
          }
        </header>
        <main>${body}</main>
      </body>
    </html> `;
}

export function money(usd: number): string {
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "3 h 5 min", "2 d 4 h": a duration at the precision a queue needs. */
export function duration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const m = Math.floor(Math.abs(ms) / 60_000);
  if (m < 60) return `${sign}${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${sign}${h} h ${m % 60} min`;
  return `${sign}${Math.floor(h / 24)} d ${h % 24} h`;
}
