// Parsing, trimming and cooking off the main thread (quality.md: "reply trimming is the largest
// single ingest cost, so it may run in a worker thread while the main thread owns the single
// SQLite writer"). One worker per process, started when emails pile up (a burst, a backlog);
// until it reports ready, after it dies, or where its file cannot be found (a bundle built
// without it), the same work runs in-thread, so nothing depends on the worker being there.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BodyOptions } from './email-body';
import type { ParsedEmail } from './parse-email';
import { prepareEmail, type PreparedEmail } from './prepared-email';

/** A request to the worker: the raw bytes (copied) and the body settings. */
export interface PrepareRequest {
  id: number;
  raw: Uint8Array;
  options: BodyOptions;
}

/** The worker's answer; `email.raw` is left out (the main thread has the bytes). */
export type PrepareResponse =
  | { id: number; ok: true; prepared: Omit<PreparedEmail, 'email'> & { email: Omit<ParsedEmail, 'raw'> } }
  | { id: number; ok: false; error: string };

export type WorkerMessage = PrepareResponse | { ready: true };

/** In-thread preparations waiting at once that start the worker. */
const START_WHEN_WAITING = 8;

interface Pending {
  raw: Buffer;
  options: BodyOptions;
  resolve: (p: PreparedEmail) => void;
}

// The worker's code: the compiled sibling in a bundle, the TypeScript source when run by tsx.
const WORKER_FILES = ['./parse-worker.mjs', './parse-worker.js', './parse-worker.ts'];

function workerFile(): URL | undefined {
  for (const name of WORKER_FILES) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** Where tsx's ESM API is, for a worker that runs TypeScript source (development and tests). */
function tsxApi(): string {
  try {
    // Node's resolver, where the host gives it (not every test runner does).
    const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
    if (resolve) return resolve('tsx/esm/api');
  } catch {
    // Fall through to the bare name, resolved from the working directory.
  }
  return 'tsx/esm/api';
}

/**
 * Starts a worker on `file`. TypeScript source is loaded through tsx's API registered inside
 * the worker: Node 20 does not apply the parent's --import hooks to a worker's entry.
 */
function spawnWorker(file: URL): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file, { stdout: false, stderr: false });
  const code = `import(${JSON.stringify(tsxApi())}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(code, { eval: true, stdout: false, stderr: false });
}

class ParsePool {
  private worker: Worker | undefined;
  private ready = false;
  private failures = 0;
  /** Preparations running in-thread right now. */
  private inThread = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  prepare(raw: Buffer, options: BodyOptions): Promise<PreparedEmail> {
    const worker = this.worker;
    if (!worker || !this.ready) {
      // A worker pays off for a backlog, not for the odd email: start it when work piles up.
      if (++this.inThread >= START_WHEN_WAITING) this.start();
      return prepareEmail(raw, options).finally(() => this.inThread--);
    }
    const id = this.nextId++;
    return new Promise<PreparedEmail>((resolve) => {
      this.pending.set(id, { raw, options, resolve });
      const request: PrepareRequest = { id, raw, options };
      worker.postMessage(request);
      // Only waiting work keeps the process alive; an idle worker never does.
      if (this.pending.size === 1) worker.ref();
    });
  }

  /** Starts the worker once; after three deaths the pool stays in-thread. */
  private start(): Worker | undefined {
    if (this.worker || this.failures >= 3) return this.worker;
    const file = workerFile();
    if (!file) {
      this.failures = 3;
      return undefined;
    }
    let worker: Worker;
    try {
      worker = spawnWorker(file);
    } catch {
      this.failures = 3;
      return undefined;
    }
    worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    worker.on('error', () => undefined);
    worker.on('exit', () => this.onExit(worker));
    // After the listeners: adding a 'message' listener refs the worker's port again, and a
    // process whose idle worker stays referenced never exits (a script, a benchmark, the CLI).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onMessage(m: WorkerMessage): void {
    if ('ready' in m) {
      this.ready = true;
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (!m.ok) {
      // The worker's own failure, not the email's (parseEmail never throws): do it here.
      void prepareEmail(p.raw, p.options).then(p.resolve);
      return;
    }
    const email = { ...m.prepared.email, raw: p.raw } as ParsedEmail;
    p.resolve({ ...m.prepared, email });
  }

  private onExit(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.ready = false;
    this.failures += 1;
    // Whatever it was doing is done here instead.
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) void prepareEmail(p.raw, p.options).then(p.resolve);
  }

  /** Stops the worker (tests, shutdown); later calls start a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.failures -= 1; // a requested stop is not a death
    await worker.terminate();
  }

  /** Resolves when the worker is ready; false when the pool works in-thread. */
  async whenReady(timeoutMs = 20_000): Promise<boolean> {
    this.start();
    const deadline = Date.now() + timeoutMs;
    while (!this.ready && this.worker && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.ready;
  }
}

let pool: ParsePool | undefined;

/** The process's parse pool. */
export function parsePool(): ParsePool {
  return (pool ??= new ParsePool());
}
