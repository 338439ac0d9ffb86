import { estimateTokens } from './estimate-tokens.ts';

/** `1,234`, without Intl (the engine stays free of locale data). */
export function formatThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The marker left where characters were cut. */
export function trimMarker(chars: number): string {
  return `\n[… ${formatThousands(chars)} characters trimmed to fit the context budget …]\n`;
}

/** `text` cut to `keep` characters, half from its head and half from its tail, with a marker between. */
export function keepHeadAndTail(text: string, keep: number): { text: string; cut: number } {
  if (keep >= text.length) return { text, cut: 0 };
  let head = Math.ceil(Math.max(0, keep) / 2);
  let tailStart = text.length - (Math.max(0, keep) - head);
  // Never split a surrogate pair.
  if (head > 0 && isHighSurrogate(text.charCodeAt(head - 1))) head -= 1;
  if (tailStart < text.length && isLowSurrogate(text.charCodeAt(tailStart))) tailStart += 1;
  const cut = tailStart - head;
  return { text: `${text.slice(0, head)}${trimMarker(cut)}${text.slice(tailStart)}`, cut };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Cuts every body by the same ratio so that `render(bodies)` fits `budgetTokens`: each keeps its head
 * and tail around a marker; labels (everything `render` adds) are never cut. Deterministic. When even
 * the labels and markers do not fit, every body is cut to its marker alone.
 */
export function cutOutputs(
  bodies: readonly string[],
  render: (bodies: string[]) => string,
  budgetTokens: number,
): { text: string; cut: number[] } {
  const full = render([...bodies]);
  if (estimateTokens(full) <= budgetTokens) return { text: full, cut: bodies.map(() => 0) };
  const budgetChars = budgetTokens * 4;
  const total = bodies.reduce((sum, body) => sum + body.length, 0);
  let room = budgetChars - (full.length - total);
  for (;;) {
    const ratio = total > 0 ? Math.max(0, room) / total : 0;
    const kept = bodies.map((body) => keepHeadAndTail(body, Math.floor(body.length * ratio)));
    const text = render(kept.map((each) => each.text));
    // Markers take room too: give back what the text is over and try again, until it fits or is bare.
    if (text.length <= budgetChars || room <= 0) return { text, cut: kept.map((each) => each.cut) };
    room = Math.min(room - 1, room - (text.length - budgetChars));
  }
}
