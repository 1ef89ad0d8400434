/** The console's stylesheet, served from /assets/console.css. */
export const CONSOLE_CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #18181b; background: #fafafa; }
header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; background: #18181b; color: #fafafa; }
header a { color: #fafafa; text-decoration: none; margin-right: 1rem; }
header .brand { font-weight: 700; }
header .whoami { margin-left: auto; display: flex; gap: .6rem; align-items: center; }
main { padding: 1rem 1.2rem 3rem; max-width: 1400px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border-bottom: 1px solid #e4e4e7; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th a { color: inherit; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sub { color: #52525b; font-size: 12px; max-width: 28rem; }
.risk { padding: 0 .4rem; border-radius: .3rem; }
.risk-low { background: #dcfce7; } .risk-medium { background: #fef9c3; } .risk-high { background: #fee2e2; } .risk-unknown { background: #e4e4e7; }
.prod { background: #fee2e2; color: #991b1b; padding: 0 .4rem; border-radius: .3rem; font-weight: 600; }
.filters { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; margin-bottom: .6rem; }
.warn, .error { color: #991b1b; }
.ok { color: #166534; }
.facts dl { display: grid; grid-template-columns: 11rem 1fr; gap: .2rem .8rem; }
.facts dt { color: #52525b; }
code.hash { word-break: break-all; }
blockquote.untrusted { border-left: 3px solid #a1a1aa; margin: .4rem 0; padding: .2rem .8rem; white-space: pre-wrap; background: #fff; }
tr.fail { background: #fef2f2; }
tr.recommended { background: #eff6ff; }
dl.numbers { display: grid; grid-template-columns: auto auto; gap: 0 .6rem; margin: 0; font-size: 12px; }
dl.numbers dd { margin: 0; }
.decide { border: 2px solid #2563eb; padding: .6rem 1rem; background: #fff; margin: 1rem 0; }
.decide textarea { width: 100%; max-width: 40rem; display: block; }
.decide .buttons { margin-top: .5rem; }
button { font: inherit; padding: .3rem .9rem; }
button.approve { background: #166534; color: #fff; border: 0; }
button.reject { background: #991b1b; color: #fff; border: 0; }
figure.chart svg { max-width: 640px; width: 100%; background: #fff; }
.state { font-weight: 600; }
.dashboards { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.dashboards figure.chart { margin: 0; max-width: 100%; overflow-x: auto; background: #fff; }
.dashboards figure.chart svg { display: block; width: auto; max-width: none; }
.dashboards figcaption { font-size: 12px; color: #52525b; max-width: 40rem; padding: .3rem .6rem; }
.week-nav { display: flex; gap: 1rem; align-items: end; flex-wrap: wrap; margin: .4rem 0 1rem; }
`;
