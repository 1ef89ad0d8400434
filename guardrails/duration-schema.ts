import { z } from 'zod';
import { parseDuration } from '../core/index.js';

/** A policy duration such as 90s, 15m, 72h, 7d or 2w: checked when the policy loads, not when it is first used. */
export const DurationTextSchema = z.string().refine((text) => isPositiveDuration(text), 'expected a duration such as 15m, 72h or 7d');

function isPositiveDuration(text: string): boolean {
  try {
    return parseDuration(text) > 0;
  } catch {
    return false;
  }
}
