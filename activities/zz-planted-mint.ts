import { mintTicket } from '../core/ticket-mint.js';
export const m = mintTicket;
