/**
 * Untrusted text (resource names, tags, model output, typed reasons) in Slack mrkdwn. Slack reads
 * `<…>` as a link or mention (`<!channel>`, `<@U…>`, `<https://x|click>`) and `&` as the start of
 * an entity, so those three are escaped the way Slack documents; `@channel`, `@here` and
 * `@everyone` get a zero-width space so they never notify anyone, even with `link_names`.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)/gi, '@\u200b$1');
}

/** A look-alike for the backtick, so untrusted text cannot close the code span it is shown in. */
const NO_BACKTICK = '\u02cb';

/** Untrusted text as inline code. */
export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, NO_BACKTICK)}\``;
}

/** Untrusted text as a preformatted block. */
export function codeBlock(text: string): string {
  return `\`\`\`${escapeMrkdwn(text).replace(/`/g, NO_BACKTICK)}\`\`\``;
}

/** mrkdwn this code composed: sent as is, with every untrusted part already escaped. */
export interface Mrkdwn {
  readonly mrkdwn: string;
}

/** A Slack user mention, for ids Slack itself gave us (a signed request or the policy). */
export function mention(slackUserId: string): Mrkdwn {
  return { mrkdwn: /^[UW][A-Z0-9_]+$/.test(slackUserId) ? `<@${slackUserId}>` : escapeMrkdwn(slackUserId) };
}

/** A template whose interpolations are escaped unless they are already Mrkdwn: safe`Approved by ${mention(u)} as ${approver}`. */
export function safe(strings: TemplateStringsArray, ...values: (string | number | Mrkdwn)[]): Mrkdwn {
  const parts = strings.map((literal, i) => {
    if (i >= values.length) return literal;
    const value = values[i]!;
    return literal + (typeof value === 'object' ? value.mrkdwn : escapeMrkdwn(String(value)));
  });
  return { mrkdwn: parts.join('') };
}

/** A note for a message: our own Mrkdwn as is, any other text escaped. */
export function asMrkdwn(text: string | Mrkdwn): string {
  return typeof text === 'string' ? escapeMrkdwn(text) : text.mrkdwn;
}
