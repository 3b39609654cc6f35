// Composer uploads through POST /uploads.json (real multipart bodies): Discourse's response with
// short_url and image size, the size and extension limits, who may fetch the file before and
// after it is sent in a PM, and the stored file shared with email attachments.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../db/schema';
import { assertMatchesSpec } from '../../testing/discourse-spec';
import { startTestForum, type TestForum } from '../../testing/forum-fixture';
import { sha1FromBase62 } from '../../uploads/short-url';

let forum: TestForum;
let alice: User;

beforeEach(async () => {
  forum = await startTestForum();
  alice = await forum.user({ username: 'alice' });
  await forum.user({ username: 'bob' });
  await forum.user({ username: 'eve' });
});
afterEach(async () => {
  await forum.destroy();
});

/** A PNG header (signature and IHDR) of the given size, enough for the size reader and a viewer. */
function png(width: number, height: number, extra = 0): Buffer {
  const header = Buffer.alloc(33 + extra);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 0);
  header.writeUInt32BE(13, 8);
  header.write('IHDR', 12, 'ascii');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}

function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = '----foyer-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(
  username: string | null,
  fields: Record<string, string>,
  file?: { name: string; type: string; bytes: Buffer },
) {
  const { payload, contentType } = multipart(fields, file);
  const res = await forum.app.inject({
    method: 'POST',
    url: '/uploads.json',
    headers: {
      'content-type': contentType,
      ...(username ? { 'api-key': forum.apiKey, 'api-username': username } : {}),
    },
    payload,
  });
  return { status: res.statusCode, json: JSON.parse(res.body || 'null') };
}

const fetchAs = (username: string, url: string) =>
  forum.app.inject({ method: 'GET', url, headers: { 'api-key': forum.apiKey, 'api-username': username } });

describe('POST /uploads.json', () => {
  it('stores an image and answers in Discourse shape with short_url and size', async () => {
    const bytes = png(640, 480);
    const res = await upload(
      'alice',
      { type: 'composer' },
      { name: 'Photo 1.png', type: 'image/png', bytes },
    );
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    await assertMatchesSpec('createUpload', res.json);
    expect(res.json).toMatchObject({
      original_filename: 'Photo 1.png',
      filesize: bytes.length,
      width: 640,
      height: 480,
      extension: 'png',
      human_filesize: `${bytes.length} Bytes`,
    });
    expect(res.json.url).toMatch(/^\/uploads\/[0-9a-f]{40}\.png$/);
    expect(res.json.short_url).toMatch(/^upload:\/\/[0-9a-zA-Z]+\.png$/);
    const sha1 = res.json.url.slice('/uploads/'.length, -'.png'.length);
    expect(sha1FromBase62(res.json.short_url.slice('upload://'.length, -'.png'.length))).toBe(sha1);
    // The uploader may fetch it at once; nobody else may yet.
    const mine = await fetchAs('alice', res.json.url);
    expect(mine.statusCode).toBe(200);
    expect(mine.rawPayload.equals(bytes)).toBe(true);
    expect((await fetchAs('bob', res.json.url)).statusCode).toBe(404);
    // The same bytes again are the same upload.
    const again = await upload('alice', { type: 'composer' }, { name: 'copy.png', type: 'image/png', bytes });
    expect(again.json).toMatchObject({ id: res.json.id, original_filename: 'copy.png' });
  });

  it('lets the PM recipients fetch a file once it is sent, by short URL in the raw', async () => {
    await forum.setting('authorized_extensions', 'png|pdf');
    const res = await upload(
      'alice',
      { type: 'composer' },
      { name: 'plan.pdf', type: 'application/pdf', bytes: Buffer.from('%PDF-1.4 plan') },
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ width: null, height: null, extension: 'pdf' });
    const sent = await forum.as(alice).post('/posts.json', {
      title: 'The plan',
      raw: `Here it is: [plan.pdf|attachment](${res.json.short_url})`,
      archetype: 'private_message',
      target_recipients: 'bob',
    });
    expect(sent.status).toBe(200);
    expect(sent.json.cooked).toContain(`href="${res.json.url}"`);
    const bobs = await fetchAs('bob', res.json.url);
    expect(bobs.statusCode).toBe(200);
    expect(bobs.headers['content-disposition']).toMatch(/^attachment/);
    expect((await fetchAs('eve', res.json.url)).statusCode).toBe(404);
    // Someone else quoting the URL into their own PM does not open it to their recipient.
    const leak = await forum.as('eve').post('/posts.json', {
      title: 'Look at this',
      raw: `[file](${res.json.url})`,
      archetype: 'private_message',
      target_recipients: 'alice',
    });
    expect(leak.status).toBe(200);
    expect((await fetchAs('eve', res.json.url)).statusCode).toBe(404);
  });

  it('refuses files that are too big or of a forbidden type, and requests without a file, with what to fix', async () => {
    await forum.setting('max_attachment_size_kb', '1');
    const big = await upload(
      'alice',
      { type: 'composer' },
      { name: 'big.png', type: 'image/png', bytes: png(1, 1, 2048) },
    );
    expect(big.status).toBe(422);
    expect(big.json.errors[0]).toMatch(/too big \(maximum size is 1 KB/);
    const huge = await upload(
      'alice',
      { type: 'composer' },
      { name: 'huge.png', type: 'image/png', bytes: png(1, 1, 200_000) },
    );
    expect(huge.status).toBe(422);
    const exe = await upload(
      'alice',
      { type: 'composer' },
      { name: 'tool.exe', type: 'application/octet-stream', bytes: Buffer.from('MZ') },
    );
    expect(exe.status).toBe(422);
    expect(exe.json.errors[0]).toMatch(/cannot be uploaded.*authorized_extensions/);
    const none = await upload('alice', { type: 'composer' });
    expect(none.status).toBe(422);
    expect(none.json.errors[0]).toMatch(/file is required/);
    const avatar = await upload(
      'alice',
      { type: 'avatar' },
      { name: 'a.png', type: 'image/png', bytes: png(1, 1) },
    );
    expect(avatar.status).toBe(422);
    expect(
      (await upload(null, { type: 'composer' }, { name: 'a.png', type: 'image/png', bytes: png(1, 1) }))
        .status,
    ).toBe(403);
    const json = await forum.as(alice).post('/uploads.json', { type: 'composer' });
    expect(json.status).toBe(400);
  });
});
