// The parse worker (parse-pool.ts): prepares emails (parse, body, cooking) off the main
// thread, one request at a time, in the order they come.
import { parentPort } from 'node:worker_threads';
import type { PrepareRequest, PrepareResponse, WorkerMessage } from './parse-pool';
import { prepareEmail } from './prepared-email';

const port = parentPort;
if (port) {
  port.on('message', (req: PrepareRequest) => {
    const raw = Buffer.from(req.raw.buffer, req.raw.byteOffset, req.raw.byteLength);
    prepareEmail(raw, req.options).then(
      (prepared) => {
        const { raw: _bytes, ...email } = prepared.email;
        const response: PrepareResponse = { id: req.id, ok: true, prepared: { ...prepared, email } };
        // Attachment contents move to the main thread instead of being copied.
        const transfer = new Set<ArrayBuffer>();
        for (const a of email.attachments) if (a.content instanceof ArrayBuffer) transfer.add(a.content);
        port.postMessage(response, [...transfer]);
      },
      (e: unknown) => {
        const response: PrepareResponse = { id: req.id, ok: false, error: String(e) };
        port.postMessage(response);
      },
    );
  });
  const ready: WorkerMessage = { ready: true };
  port.postMessage(ready);
}
