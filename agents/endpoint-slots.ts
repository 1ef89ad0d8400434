/**
 * Requests in flight per model endpoint, shared by every agent runtime in the process. A local
 * server (llama.cpp, Ollama) works on one or a few requests at a time and queues the rest on
 * its side, where a client timeout cannot take them back; waiting here instead keeps the queue
 * where the finding's time budget can see it.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class EndpointSlots {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Resolves with a release function, or with undefined when `deadline` (ms epoch) passes first. */
  acquire(deadline: number): Promise<(() => void) | undefined> {
    if (this.inFlight < this.limit) {
      this.inFlight += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const grant = () => {
        clearTimeout(timer);
        this.inFlight += 1;
        resolve(this.releaser());
      };
      const timer = setTimeout(
        () => {
          const at = this.waiting.indexOf(grant);
          if (at >= 0) this.waiting.splice(at, 1);
          resolve(undefined);
        },
        // setTimeout fires at once past 2^31-1 ms; a longer wait is capped at ~24 days.
        Math.min(MAX_TIMER_MS, Math.max(0, deadline - Date.now())),
      );
      this.waiting.push(grant);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      this.waiting.shift()?.();
    };
  }
}

const registry = new Map<string, EndpointSlots>();

/**
 * The slots of one endpoint for one limit. Runtimes built from the same config share them;
 * configs that disagree about an endpoint's limit each keep their own count.
 */
export function slotsFor(endpoint: string, limit: number): EndpointSlots {
  const key = `${endpoint} ${limit}`;
  let slots = registry.get(key);
  if (!slots) {
    slots = new EndpointSlots(limit);
    registry.set(key, slots);
  }
  return slots;
}
