/**
 * Server-Sent Events for tests: parse a whole body, or read a live response event by event (undici fetch).
 */

/** One SSE event (data parsed as JSON when it is JSON), or a comment line (`: heartbeat`). */
export type SseItem = { event: string; data: unknown } | { comment: string };

/** Parse an event-stream body into events and comments, in order. */
export function parseSse(text: string): SseItem[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .flatMap((block) => {
      const lines = block.split('\n');
      const comments = lines.filter((l) => l.startsWith(':')).map((l) => ({ comment: l.slice(1).trim() }));
      const fields = lines.filter((l) => !l.startsWith(':'));
      if (fields.length === 0) return comments;
      const event =
        fields
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim() ?? 'message';
      const data = fields
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      let parsed: unknown = data;
      try {
        parsed = JSON.parse(data);
      } catch {
        // not JSON: keep the text
      }
      return [...comments, { event, data: parsed }];
    });
}

/** Only the events (comments dropped). */
export const sseEvents = (items: readonly SseItem[]) => items.filter((i): i is { event: string; data: unknown } => 'event' in i);

/** Reads a live event-stream response block by block. */
export interface SseReader {
  /** Items read so far. */
  items: SseItem[];
  /** Read until `until` accepts an item (returns it), or the stream ends (undefined). */
  next(until: (item: SseItem) => boolean): Promise<SseItem | undefined>;
  /** Read to the end. */
  rest(): Promise<SseItem[]>;
}

/** Wrap a fetch Response whose body is an event stream. */
export function readSse(response: Response): SseReader {
  if (!response.body) throw new Error('response has no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const items: SseItem[] = [];
  let buffer = '';
  let cursor = 0;
  const pull = async (): Promise<boolean> => {
    const { done, value } = await reader.read();
    if (done) return false;
    buffer += decoder.decode(value, { stream: true });
    const end = buffer.lastIndexOf('\n\n');
    if (end >= 0) {
      items.push(...parseSse(buffer.slice(0, end + 2)));
      buffer = buffer.slice(end + 2);
    }
    return true;
  };
  return {
    items,
    async next(until) {
      for (;;) {
        while (cursor < items.length) {
          const item = items[cursor++] as SseItem;
          if (until(item)) return item;
        }
        if (!(await pull())) return undefined;
      }
    },
    async rest() {
      while (await pull()) {}
      cursor = items.length;
      return items;
    },
  };
}
