// Runs the bundled forum as a child process and keeps it running. Electron-free (only
// node:child_process) so it is tested with a fake backend under vitest. The desktop app
// must not lose the user's forum to one crash: the backend is restarted with backoff, first
// on its previous port so the open window keeps working, and stopped cleanly on quit.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { BackendCommand } from './backend-launch';
import { healthyRunMs, restartDelayMs } from './backend-launch';
import { parseListeningLine, type ListeningAddress } from './listening-line';

export interface SupervisorOptions {
  /** The command line for a port: 0 (any free port) or the port of the previous run. */
  command(port: number): BackendCommand;
  /** Backend output, line by line (forwarded to the main process log). */
  log?(line: string, stream: 'stdout' | 'stderr'): void;
  /** Give up on a start that has not printed its listening line by then. */
  startTimeoutMs?: number;
  /** Failed attempts before the first successful start makes start() reject. */
  maxInitialAttempts?: number;
  restartDelayMs?(consecutiveFailures: number): number;
  /** Grace period between SIGTERM and SIGKILL when stopping. */
  stopTimeoutMs?: number;
  /**
   * The port of the last launch, tried first. The window's origin includes the port, and the
   * drafts and outbox in IndexedDB belong to that origin: a new port every launch would leave
   * them behind. When the port is taken the first start fails and the OS chooses another.
   */
  preferredPort?: number;
}

const outputTailLines = 40;

export class BackendStartError extends Error {
  constructor(
    message: string,
    readonly output: string[],
  ) {
    super(output.length ? `${message}\nLast backend output:\n${output.join('\n')}` : message);
    this.name = 'BackendStartError';
  }
}

export class BackendSupervisor {
  private child: ChildProcess | null = null;
  private address: ListeningAddress | null = null;
  private lastPort = 0;
  private failures = 0;
  private everReady = false;
  private stopping = false;
  private readyAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private startTimer: NodeJS.Timeout | null = null;
  private tail: string[] = [];
  private readonly readyListeners = new Set<(address: ListeningAddress) => void>();
  private waiters: { resolve(a: ListeningAddress): void; reject(e: Error): void }[] = [];
  private started = false;
  private gaveUp: BackendStartError | null = null;

  constructor(private readonly options: SupervisorOptions) {
    this.lastPort = options.preferredPort ?? 0;
  }

  /** Launches the backend (once) and resolves when it listens; rejects after repeated failed first starts. */
  start(): Promise<ListeningAddress> {
    if (!this.started && !this.stopping) {
      this.started = true;
      this.launch();
    }
    return this.ready();
  }

  /** The address as soon as the backend listens (now, or after the restart in progress). */
  ready(): Promise<ListeningAddress> {
    if (this.address) return Promise.resolve(this.address);
    if (this.gaveUp) return Promise.reject(this.gaveUp);
    if (this.stopping) return Promise.reject(new Error('The Foyer backend has been stopped.'));
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** The address of the running backend, or null while it (re)starts. */
  current(): ListeningAddress | null {
    return this.address;
  }

  /** Called on every (re)start; the address can change when the previous port was taken. */
  onReady(listener: (address: ListeningAddress) => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.clearTimers();
    const stopped = new Error('The Foyer backend has been stopped.');
    for (const waiter of this.waiters.splice(0)) waiter.reject(stopped);
    this.address = null;
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? 5_000);
      // exited() clears this.child on 'close' as well; waiting for it means output is drained.
      child.once('close', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  private launch(): void {
    const { command, args, cwd, env } = this.options.command(this.lastPort);
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    this.child = child;
    this.address = null;
    this.tail = [];

    this.startTimer = setTimeout(() => {
      this.record(
        `backend did not report "listening" within ${this.startTimeout()} ms; killing it`,
        'stderr',
      );
      child.kill('SIGKILL');
    }, this.startTimeout());

    createInterface({ input: child.stdout }).on('line', (line) => {
      this.record(line, 'stdout');
      const address = this.address ? null : parseListeningLine(line);
      if (address && this.child === child) this.becameReady(address);
    });
    createInterface({ input: child.stderr }).on('line', (line) => this.record(line, 'stderr'));

    child.on('error', (error) => this.record(`could not start the backend: ${error.message}`, 'stderr'));
    // 'close' (not 'exit') so the last output lines have been read before we report them.
    child.on('close', (code, signal) => this.exited(child, code, signal));
  }

  private becameReady(address: ListeningAddress): void {
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    this.address = address;
    this.lastPort = address.port;
    this.readyAt = Date.now();
    this.everReady = true;
    for (const waiter of this.waiters.splice(0)) waiter.resolve(address);
    for (const listener of this.readyListeners) listener(address);
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    const wasReady = this.address !== null;
    this.address = null;
    if (this.stopping) return;

    this.record(`backend exited (${signal ?? `code ${code}`})`, 'stderr');
    if (wasReady && Date.now() - this.readyAt >= healthyRunMs) this.failures = 0;
    this.failures += 1;
    // It never came up: its old port may be taken by now, so let the OS choose next time.
    if (!wasReady) this.lastPort = 0;

    if (!this.everReady && this.failures >= (this.options.maxInitialAttempts ?? 3)) {
      this.gaveUp = new BackendStartError(`The Foyer backend failed to start ${this.failures} times.`, [
        ...this.tail,
      ]);
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.gaveUp);
      return;
    }
    const delay = (this.options.restartDelayMs ?? restartDelayMs)(this.failures);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopping) this.launch();
    }, delay);
  }

  private record(line: string, stream: 'stdout' | 'stderr'): void {
    this.tail.push(line);
    if (this.tail.length > outputTailLines) this.tail.shift();
    this.options.log?.(line, stream);
  }

  private startTimeout(): number {
    return this.options.startTimeoutMs ?? 30_000;
  }

  private clearTimers(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.startTimer) clearTimeout(this.startTimer);
    this.restartTimer = null;
    this.startTimer = null;
  }
}
