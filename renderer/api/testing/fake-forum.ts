// Test-only: a small in-memory forum behind an axios adapter, for the composer's store tests.
// It follows the Foyer backend's rules where the stores depend on them: Discourse's draft
// sequences (the server's services/drafts.ts), posts that clear their draft, the Idempotency-Key on
// POST /posts.json and POST /foyer/scheduled-posts.json (a repeated key returns the first answer
// instead of acting again). It can drop the network, lose responses after acting on a request
// (the case idempotency exists for), and fail requests on demand.
import axios, { AxiosError, AxiosHeaders, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';

type Reply = { status: number; body: unknown };
export type RecordedRequest = {
  method: string;
  path: string;
  params: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
};

export type FakePost = { id: number; topicId: number; postNumber: number; fields: Record<string, unknown> };

export class FakeForum {
  readonly requests: RecordedRequest[] = [];
  readonly posts: FakePost[] = [];
  readonly scheduled: Array<{ id: number; send_at: string; fields: Record<string, unknown> }> = [];
  readonly drafts = new Map<string, { data: string; sequence: number; updatedAt: string }>();
  readonly draftSequences = new Map<string, number>();
  users: Array<{ username: string; name: string }> = [];
  groups: Array<{ name: string; full_name: string }> = [];
  /** The answer to GET /foyer/email-preview.json; by default typed addresses only, as for a forum of strangers. */
  emailPreview: ((params: Record<string, unknown>) => unknown) | null = null;
  /** Every request fails as if the network were down. */
  offline = false;
  /** The next N requests are carried out but their responses are lost. */
  loseResponses = 0;
  /** Queued answers that replace the next matching requests (e.g. a 422 for a post). */
  private readonly overrides: Array<{ method: string; path: string; reply: Reply }> = [];
  private readonly idempotent = new Map<string, Reply>();
  private nextId = 1;

  http(): AxiosInstance {
    return axios.create({ adapter: (config) => this.handle(config) });
  }

  failNext(method: string, path: string, status: number, errors: string[]): void {
    this.overrides.push({
      method,
      path,
      reply: { status, body: { errors, error_type: 'invalid_parameters' } },
    });
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Another device saves a draft (Discourse's Draft.set with the right sequence). */
  saveDraftElsewhere(key: string, data: string): void {
    const reply = this.saveDraft({ draft_key: key, data, sequence: this.draftSequences.get(key) ?? 0 });
    if (reply.status !== 200) throw new Error('saveDraftElsewhere failed');
  }

  private async handle(config: InternalAxiosRequestConfig) {
    const method = (config.method ?? 'get').toUpperCase();
    const path = new URL(config.url ?? '', 'http://forum.test').pathname;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(AxiosHeaders.from(config.headers).toJSON())) {
      headers[name.toLowerCase()] = String(value);
    }
    const body = typeof config.data === 'string' ? JSON.parse(config.data) : config.data;
    this.requests.push({ method, path, params: config.params ?? {}, headers, body });
    // Let other work interleave, as a real request would.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (this.offline) throw new AxiosError('Network Error', AxiosError.ERR_NETWORK, config);
    const override = this.overrides.findIndex((o) => o.method === method && o.path === path);
    const reply =
      override >= 0
        ? this.overrides.splice(override, 1)[0]!.reply
        : this.route(method, path, config, headers, body);
    if (this.loseResponses > 0) {
      this.loseResponses--;
      throw new AxiosError('Network Error', AxiosError.ERR_NETWORK, config);
    }
    const response = {
      data: reply.body,
      status: reply.status,
      statusText: String(reply.status),
      headers: {},
      config,
    };
    if (reply.status >= 400) {
      throw new AxiosError(
        `Request failed with status code ${reply.status}`,
        'ERR_BAD_REQUEST',
        config,
        null,
        response,
      );
    }
    return response;
  }

  private route(
    method: string,
    path: string,
    config: InternalAxiosRequestConfig,
    headers: Record<string, string>,
    body: Record<string, unknown>,
  ): Reply {
    const draftPath = /^\/drafts\/(.+)\.json$/.exec(path);
    if (method === 'GET' && path === '/drafts.json') {
      // Pages of 50, as Discourse's DraftsController::INDEX_LIMIT.
      const offset = Number(config.params?.offset ?? 0);
      const drafts = [...this.drafts].slice(offset, offset + 50).map(([key, d]) => ({
        draft_key: key,
        data: d.data,
        sequence: d.sequence,
        updated_at: d.updatedAt,
      }));
      return { status: 200, body: { drafts } };
    }
    if (method === 'POST' && path === '/drafts.json') return this.saveDraft(body);
    if (method === 'GET' && draftPath) {
      const key = decodeURIComponent(draftPath[1]!);
      return {
        status: 200,
        body: {
          draft: this.drafts.get(key)?.data ?? null,
          draft_sequence: this.draftSequences.get(key) ?? 0,
        },
      };
    }
    if (method === 'DELETE' && draftPath) {
      const key = decodeURIComponent(draftPath[1]!);
      // A stale sequence leaves the draft and still answers OK, as Discourse does.
      if (Number(config.params?.sequence) === (this.draftSequences.get(key) ?? 0)) this.drafts.delete(key);
      return { status: 200, body: { success: 'OK' } };
    }
    if (method === 'POST' && path === '/posts.json') {
      return this.once(headers, () => this.createPost(body));
    }
    if (method === 'POST' && path === '/foyer/scheduled-posts.json') {
      return this.once(headers, () => this.schedule(body));
    }
    const scheduledPath = /^\/foyer\/scheduled-posts\/(\d+)\.json$/.exec(path);
    if (method === 'DELETE' && scheduledPath) {
      const index = this.scheduled.findIndex((s) => s.id === Number(scheduledPath[1]));
      if (index < 0) return { status: 404, body: { errors: ['Not found'] } };
      this.scheduled.splice(index, 1);
      return { status: 200, body: { success: 'OK' } };
    }
    if (method === 'GET' && path === '/foyer/scheduled-posts.json') {
      return {
        status: 200,
        body: {
          scheduled_posts: this.scheduled.map((s) => ({
            ...s.fields,
            id: s.id,
            send_at: s.send_at,
            status: 'scheduled',
          })),
        },
      };
    }
    if (method === 'GET' && path === '/foyer/email-preview.json') {
      const params = config.params ?? {};
      const typed = String(params.target_recipients ?? '')
        .split(',')
        .filter((r) => r.includes('@'));
      const body = this.emailPreview?.(params) ?? {
        email_preview: { users: [], emails: typed, hidden_groups: [], opted_out: [] },
      };
      return { status: 200, body };
    }
    if (method === 'GET' && path === '/u/search/users.json') {
      const term = String(config.params?.term ?? '').toLowerCase();
      return {
        status: 200,
        body: {
          users: this.users.filter((u) => u.username.toLowerCase().startsWith(term)),
          groups: config.params?.include_groups
            ? this.groups.filter((g) => g.name.toLowerCase().startsWith(term))
            : [],
        },
      };
    }
    if (method === 'POST' && path === '/uploads.json') {
      const file = (body as unknown as FormData).get('file') as File;
      const id = this.nextId++;
      return {
        status: 200,
        body: {
          url: `/uploads/${id}`,
          short_url: `upload://u${id}.${file.name.split('.').pop()}`,
          original_filename: file.name,
          filesize: file.size,
        },
      };
    }
    return { status: 404, body: { errors: [`No route ${method} ${path}`] } };
  }

  /** The backend's Idempotency-Key rule (services/idempotent-send.ts), keyed by the header alone. */
  private once(headers: Record<string, string>, act: () => Reply): Reply {
    const key = headers['idempotency-key'];
    const seen = key ? this.idempotent.get(key) : undefined;
    if (seen) return seen;
    const reply = act();
    if (key && reply.status < 400) this.idempotent.set(key, reply);
    return reply;
  }

  // Foyer's Draft.set (the server's services/drafts.ts): with a draft stored, the sequence must be the
  // current one; every save moves the sequence on by one.
  private saveDraft(body: Record<string, unknown>): Reply {
    const key = String(body.draft_key);
    const sequence = Number(body.sequence);
    const current = this.draftSequences.get(key) ?? 0;
    const existing = this.drafts.get(key);
    if (existing && sequence !== current) {
      return {
        status: 409,
        body: {
          errors: ['draft error'],
          error_type: 'draft_sequence_conflict',
          draft: existing.sequence === current ? existing.data : null,
          draft_sequence: current,
        },
      };
    }
    const next = current + 1;
    this.draftSequences.set(key, next);
    this.drafts.set(key, { data: String(body.data), sequence: next, updatedAt: new Date().toISOString() });
    return { status: 200, body: { success: 'OK', draft_sequence: next } };
  }

  private createPost(fields: Record<string, unknown>): Reply {
    const topicId = fields.topic_id ? Number(fields.topic_id) : 1000 + this.nextId;
    const postNumber = this.posts.filter((p) => p.topicId === topicId).length + 1;
    const post = { id: this.nextId++, topicId, postNumber, fields };
    this.posts.push(post);
    // Discourse's PostCreator clears the draft and moves its sequence on.
    if (typeof fields.draft_key === 'string') {
      this.drafts.delete(fields.draft_key);
      this.draftSequences.set(fields.draft_key, (this.draftSequences.get(fields.draft_key) ?? 0) + 1);
    }
    return {
      status: 200,
      body: { id: post.id, topic_id: topicId, post_number: postNumber, raw: fields.raw },
    };
  }

  private schedule(fields: Record<string, unknown>): Reply {
    const entry = { id: this.nextId++, send_at: String(fields.send_at), fields };
    this.scheduled.push(entry);
    return {
      status: 201,
      body: { scheduled_post: { ...fields, id: entry.id, send_at: entry.send_at, status: 'scheduled' } },
    };
  }
}
