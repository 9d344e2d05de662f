/**
 * The state and method handlers behind the Slack fake: a tiny workspace (channels, messages, threads, reactions,
 * users, uploads) answering Web API methods with Slack's real response shapes and `ok: false` error codes.
 */

/** A channel of the fake workspace. */
export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  is_archived: boolean;
  is_member: boolean;
  topic?: string;
}

/** A stored message. */
export interface FakeMessage {
  type: 'message';
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  reply_count?: number;
  blocks?: unknown[];
  attachments?: unknown[];
  files?: Array<{ id: string; name: string }>;
  reactions: string[];
}

/** A Slack answer body. */
export type SlackBody = Record<string, unknown> & { ok: boolean };

const BOT_ID = 'B0FAKEBOT';
const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'rich_text',
  'input',
  'markdown',
  'video',
  'file',
]);
const fail = (error: string, extra: Record<string, unknown> = {}): SlackBody => ({ ok: false, error, ...extra });
const asList = (v: unknown): unknown[] | undefined =>
  Array.isArray(v) ? v : typeof v === 'string' ? (JSON.parse(v) as unknown[]) : undefined;
const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
const offsetOf = (cursor: unknown) =>
  typeof cursor === 'string' && cursor ? Number(Buffer.from(cursor, 'base64').toString().split(':')[1]) || 0 : 0;

/** The fake workspace. */
export class FakeWorkspace {
  readonly channels: FakeChannel[] = [
    { id: 'C0GENERAL', name: 'general', is_private: false, is_archived: false, is_member: true, topic: 'Company-wide' },
    { id: 'C0ALERTS', name: 'alerts', is_private: false, is_archived: false, is_member: true },
    { id: 'C0RANDOM', name: 'random', is_private: false, is_archived: false, is_member: false },
    { id: 'C0OLD', name: 'old-project', is_private: false, is_archived: true, is_member: true },
    { id: 'G0SECRET', name: 'ops-private', is_private: true, is_archived: false, is_member: true },
  ];
  readonly messages = new Map<string, FakeMessage[]>(this.channels.map((c) => [c.id, []]));
  readonly users = new Map<string, Record<string, unknown>>([
    [
      'U0ALICE',
      {
        id: 'U0ALICE',
        name: 'alice',
        real_name: 'Alice Example',
        deleted: false,
        is_bot: false,
        is_admin: true,
        tz: 'Europe/Berlin',
        profile: { display_name: 'alice', real_name: 'Alice Example', title: 'SRE', email: 'alice@example.com' },
      },
    ],
  ]);
  readonly uploads = new Map<string, { filename: string; length: number; bytes?: Buffer }>();
  private clock = 1_712_345_678;
  private seq = 0;

  constructor(private readonly baseUrl: () => string) {}

  /** A message timestamp, increasing. */
  nextTs(): string {
    this.seq += 100;
    return `${this.clock}.${String(this.seq).padStart(6, '0')}`;
  }

  /** Add a message by a person (for history tests). */
  seed(channel: string, text: string, extra: Partial<FakeMessage> = {}): FakeMessage {
    const m: FakeMessage = { type: 'message', ts: this.nextTs(), text, user: 'U0ALICE', reactions: [], ...extra };
    this.messages.get(channel)?.push(m);
    return m;
  }

  private channel(ref: unknown): FakeChannel | undefined {
    const s = String(ref ?? '');
    return this.channels.find((c) => c.id === s || `#${c.name}` === s);
  }

  private writable(ref: unknown): FakeChannel | SlackBody {
    const c = this.channel(ref);
    if (!c) return fail('channel_not_found');
    if (c.is_archived) return fail('is_archived');
    if (!c.is_member) return fail('not_in_channel');
    return c;
  }

  /** Run a Web API method. */
  call(method: string, args: Record<string, unknown>): SlackBody {
    switch (method) {
      case 'chat.postMessage':
        return this.post(args);
      case 'chat.update':
        return this.update(args);
      case 'reactions.add':
        return this.react(args);
      case 'conversations.list':
        return this.list(args);
      case 'conversations.history':
        return this.history(args);
      case 'conversations.replies':
        return this.replies(args);
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user ? { ok: true, user } : fail('user_not_found');
      }
      case 'files.getUploadURLExternal':
        return this.uploadUrl(args);
      case 'files.completeUploadExternal':
        return this.completeUpload(args);
      default:
        return fail('unknown_method', { req_method: method });
    }
  }

  private post(args: Record<string, unknown>): SlackBody {
    const c = this.writable(args.channel);
    if ('ok' in c) return c;
    const blocks = asList(args.blocks);
    const attachments = asList(args.attachments);
    const text = typeof args.text === 'string' ? args.text : '';
    if (!text && !blocks && !attachments) return fail('no_text');
    if (text.length > 40_000) return fail('msg_too_long');
    const bad = blocks?.findIndex((b) => !BLOCK_TYPES.has(String((b as { type?: unknown }).type)));
    if (bad !== undefined && bad >= 0) {
      return fail('invalid_blocks', { response_metadata: { messages: [`[ERROR] unsupported type [json-pointer:/blocks/${bad}/type]`] } });
    }
    const thread = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    const list = this.messages.get(c.id)!;
    if (thread) {
      const parent = list.find((m) => m.ts === thread);
      if (!parent) return fail('thread_not_found');
      parent.reply_count = (parent.reply_count ?? 0) + 1;
      parent.thread_ts = parent.ts;
    }
    const m: FakeMessage = {
      type: 'message',
      ts: this.nextTs(),
      text,
      bot_id: BOT_ID,
      reactions: [],
      ...(thread ? { thread_ts: thread } : {}),
      ...(blocks ? { blocks } : {}),
      ...(attachments ? { attachments } : {}),
    };
    list.push(m);
    const { reactions: _r, ...message } = m;
    return { ok: true, channel: c.id, ts: m.ts, message };
  }

  private find(args: Record<string, unknown>, tsKey: string): FakeMessage | SlackBody {
    const c = this.channel(args.channel);
    if (!c) return fail('channel_not_found');
    return this.messages.get(c.id)!.find((m) => m.ts === args[tsKey]) ?? fail('message_not_found');
  }

  private update(args: Record<string, unknown>): SlackBody {
    const m = this.find(args, 'ts');
    if ('ok' in m) return m;
    if (m.bot_id !== BOT_ID) return fail('cant_update_message');
    if (typeof args.text === 'string') m.text = args.text;
    const blocks = asList(args.blocks);
    if (blocks) m.blocks = blocks;
    return { ok: true, channel: this.channel(args.channel)!.id, ts: m.ts, text: m.text };
  }

  private react(args: Record<string, unknown>): SlackBody {
    const m = this.find(args, 'timestamp');
    if ('ok' in m) return m;
    const name = String(args.name ?? '');
    if (!/^[a-z0-9_+'-]+$/.test(name)) return fail('invalid_name');
    if (m.reactions.includes(name)) return fail('already_reacted');
    m.reactions.push(name);
    return { ok: true };
  }

  private list(args: Record<string, unknown>): SlackBody {
    const types = String(args.types ?? 'public_channel').split(',');
    const excludeArchived = String(args.exclude_archived) === 'true';
    const limit = Number(args.limit ?? 100);
    const all = this.channels.filter(
      (c) => types.includes(c.is_private ? 'private_channel' : 'public_channel') && !(excludeArchived && c.is_archived),
    );
    const from = offsetOf(args.cursor);
    const page = all.slice(from, from + limit);
    return {
      ok: true,
      channels: page.map((c) => ({
        id: c.id,
        name: c.name,
        is_channel: !c.is_private,
        is_private: c.is_private,
        is_archived: c.is_archived,
        is_member: c.is_member,
        num_members: 3,
        topic: { value: c.topic ?? '', creator: '', last_set: 0 },
        purpose: { value: '', creator: '', last_set: 0 },
      })),
      response_metadata: { next_cursor: from + limit < all.length ? cursorOf(from + limit) : '' },
    };
  }

  private page(list: FakeMessage[], args: Record<string, unknown>): SlackBody {
    const limit = Number(args.limit ?? 100);
    const from = offsetOf(args.cursor);
    const page = list.slice(from, from + limit).map(({ reactions, ...m }) => ({
      ...m,
      ...(reactions.length ? { reactions: reactions.map((name) => ({ name, count: 1, users: [BOT_ID] })) } : {}),
    }));
    const more = from + limit < list.length;
    return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? cursorOf(from + limit) : '' } };
  }

  private history(args: Record<string, unknown>): SlackBody {
    const c = this.channel(args.channel);
    if (!c || String(args.channel).startsWith('#')) return fail('channel_not_found');
    if (c.is_private && !c.is_member) return fail('not_in_channel');
    const oldest = Number(args.oldest ?? 0);
    const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
    const top = this.messages
      .get(c.id)!
      .filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && Number(m.ts) > oldest && Number(m.ts) < latest)
      .reverse();
    return this.page(top, args);
  }

  private replies(args: Record<string, unknown>): SlackBody {
    const c = this.channel(args.channel);
    if (!c) return fail('channel_not_found');
    const list = this.messages.get(c.id)!;
    const parent = list.find((m) => m.ts === args.ts);
    if (!parent) return fail('thread_not_found');
    return this.page([parent, ...list.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts)], args);
  }

  private uploadUrl(args: Record<string, unknown>): SlackBody {
    const length = Number(args.length);
    if (!args.filename || !Number.isInteger(length) || length <= 0) return fail('missing_argument');
    const id = `F0FILE${this.uploads.size + 1}`;
    this.uploads.set(id, { filename: String(args.filename), length });
    return { ok: true, upload_url: `${this.baseUrl()}/upload/v1/${id}`, file_id: id };
  }

  /** The POST of bytes to an upload URL; Slack answers 200 "OK - <length>". */
  receiveUpload(id: string, bytes: Buffer): { status: number; text: string } {
    const upload = this.uploads.get(id);
    if (!upload) return { status: 404, text: 'Not Found' };
    upload.bytes = bytes;
    return { status: 200, text: `OK - ${bytes.length}` };
  }

  private completeUpload(args: Record<string, unknown>): SlackBody {
    const files = asList(args.files) as Array<{ id: string; title?: string }> | undefined;
    if (!files?.length) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: files'] } });
    for (const f of files) {
      const u = this.uploads.get(f.id);
      if (!u?.bytes) return fail('file_not_found');
      if (u.bytes.length !== u.length)
        return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] file size mismatch'] } });
    }
    if (args.channel_id) {
      const c = this.writable(args.channel_id);
      if ('ok' in c) return c;
      const thread = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
      this.messages.get(c.id)!.push({
        type: 'message',
        ts: this.nextTs(),
        text: typeof args.initial_comment === 'string' ? args.initial_comment : '',
        bot_id: BOT_ID,
        reactions: [],
        files: files.map((f) => ({ id: f.id, name: this.uploads.get(f.id)!.filename })),
        ...(thread ? { thread_ts: thread } : {}),
      });
    }
    return {
      ok: true,
      files: files.map((f) => ({
        id: f.id,
        name: this.uploads.get(f.id)!.filename,
        title: f.title ?? this.uploads.get(f.id)!.filename,
        permalink: `https://fake-workspace.slack.com/files/${BOT_ID}/${f.id}`,
      })),
    };
  }
}
