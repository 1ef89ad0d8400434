import pino from 'pino';

/** Logs go to stderr so `--json` output on stdout stays one clean document. */
export const log = pino({ level: process.env.TOLLGATE_LOG_LEVEL ?? 'info', base: { app: 'tollgate' } }, pino.destination(2));
