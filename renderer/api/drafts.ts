// Discourse's server drafts (/drafts.json): a draft per key ("topic_12", "new_private_message_…")
// whose `data` is a JSON string, guarded by a sequence number. Saving with a stale sequence is
// a conflict (409): someone saved this draft elsewhere, and both versions must be shown.
import { isAxiosError, type AxiosInstance } from 'axios';
import { z } from 'zod';

const serverDraftRow = z
  .object({
    draft_key: z.string(),
    data: z.string().nullish(),
    sequence: z.number().nullish(),
    draft_sequence: z.number().nullish(),
    updated_at: z.string().nullish(),
    created_at: z.string().nullish(),
    title: z.string().nullish(),
    excerpt: z.string().nullish(),
    topic_id: z.number().nullish(),
  })
  .loose();

export type ServerDraftRow = {
  key: string;
  data: string | null;
  sequence: number;
  updatedAt: string | null;
  title: string | null;
};

// Discourse pages /drafts.json (DraftsController::INDEX_LIMIT = 50) with `offset`.
const PAGE_SIZE = 50;
const MAX_PAGES = 20;

export async function listServerDrafts(http: AxiosInstance, signal?: AbortSignal): Promise<ServerDraftRow[]> {
  const all: ServerDraftRow[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await http.get<unknown>('/drafts.json', {
      signal,
      params: page ? { offset: all.length } : {},
    });
    const rows = z.object({ drafts: z.array(serverDraftRow) }).parse(response.data).drafts;
    for (const row of rows) {
      all.push({
        key: row.draft_key,
        data: row.data ?? null,
        sequence: row.sequence ?? row.draft_sequence ?? 0,
        updatedAt: row.updated_at ?? row.created_at ?? null,
        title: row.title ?? null,
      });
    }
    if (rows.length < PAGE_SIZE) break;
  }
  return all;
}

const draftShow = z.object({ draft: z.string().nullish(), draft_sequence: z.number() }).loose();

export type ServerDraft = { data: string | null; sequence: number };

export async function fetchServerDraft(http: AxiosInstance, key: string): Promise<ServerDraft> {
  const response = await http.get<unknown>(`/drafts/${encodeURIComponent(key)}.json`);
  const body = draftShow.parse(response.data);
  return { data: body.draft ?? null, sequence: body.draft_sequence };
}

export type SaveDraftResult = { ok: true; sequence: number } | { ok: false; conflict: ServerDraft | null };

/**
 * POST /drafts.json. A 409 means the server's sequence moved on: the answer carries the server's
 * version when the backend includes it (`draft` + `draft_sequence`), else `conflict` is null and
 * the caller fetches it.
 */
export async function saveServerDraft(
  http: AxiosInstance,
  key: string,
  data: string,
  sequence: number,
): Promise<SaveDraftResult> {
  try {
    const response = await http.post<unknown>('/drafts.json', { draft_key: key, data, sequence });
    const body = z.object({ draft_sequence: z.number() }).loose().parse(response.data);
    return { ok: true, sequence: body.draft_sequence };
  } catch (error) {
    if (isAxiosError(error) && error.response?.status === 409) {
      const server = draftShow.safeParse(error.response.data);
      return {
        ok: false,
        conflict: server.success
          ? { data: server.data.draft ?? null, sequence: server.data.draft_sequence }
          : null,
      };
    }
    throw error;
  }
}

export async function deleteServerDraft(http: AxiosInstance, key: string, sequence: number): Promise<void> {
  await http.delete(`/drafts/${encodeURIComponent(key)}.json`, { params: { sequence } });
}
