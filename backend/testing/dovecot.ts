// A throw-away Dovecot IMAP server for tests (toolchain.md §5.2): loopback only, plaintext auth,
// no TLS, passwd-file users, Maildir in a temporary folder, mail owned by the system user `mail`.
// Needs root (Dovecot drops privileges to `mail`); installs dovecot-imapd when missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';
const INSTALL = 'apt-get install -y dovecot-imapd';

export interface TestDovecot {
  host: string;
  port: number;
  user: string;
  pass: string;
  /** imap://user:pass@127.0.0.1:port/INBOX */
  url: string;
  /** Appends a raw message to INBOX, as a mail server's delivery would; returns its UID. */
  deliver(raw: string | Buffer, flags?: string[]): Promise<number>;
  /** UID and flags of every message in INBOX. */
  inbox(): Promise<Array<{ uid: number; flags: string[] }>>;
  /** Stops the server but keeps its mail (the server "going away"). */
  down(): Promise<void>;
  /** Starts it again on the same port with the same mail. */
  up(): Promise<void>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

export function ensureDovecotInstalled(): void {
  if (existsSync(DOVECOT)) return;
  if (userInfo().uid !== 0)
    throw new Error(`Dovecot is not installed and this is not root: run \`sudo ${INSTALL}\` and try again.`);
  let r = spawnSync('apt-get', ['install', '-y', 'dovecot-imapd'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    // A machine that never ran `apt-get update` has no package lists yet.
    spawnSync('apt-get', ['update'], { encoding: 'utf8' });
    r = spawnSync('apt-get', ['install', '-y', 'dovecot-imapd'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
    });
  }
  if (r.status !== 0 || !existsSync(DOVECOT))
    throw new Error(`Could not install Dovecot with \`${INSTALL}\`:\n${r.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function config(dir: string, port: number): string {
  return `# Throw-away Dovecot for Foyer's tests (see backend/testing/dovecot.ts)
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = foyer-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${dir}/dovecot.log
# mail belongs to the system user 'mail' (uid 8); dovecot refuses uids below first_valid_uid
first_valid_uid = 8
mail_location = maildir:~/Maildir
mail_privileged_group =
# No stats process: a login process started just before shutdown would wait 5 s for its handshake.
stats_writer_socket_path =
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=mail gid=mail home=${dir}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
protocol imap {
  mail_max_userip_connections = 50
}
`;
}

function signalGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (proc.pid !== undefined) process.kill(-proc.pid, signal);
  } catch {
    proc.kill(signal); // the group is already gone
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startDovecot(opts: { user?: string; pass?: string } = {}): Promise<TestDovecot> {
  ensureDovecotInstalled();
  if (userInfo().uid !== 0)
    throw new Error('Dovecot tests need root (Dovecot hands the mail to the user `mail`).');
  const user = opts.user ?? 'me';
  const pass = opts.pass ?? 'mepw';
  const dir = mkdtempSync(join(tmpdir(), 'foyer-dovecot-'));
  // mkdtemp makes the folder 0700; Dovecot's unprivileged processes must be able to pass through it.
  chmodSync(dir, 0o755);
  for (const d of ['run', 'state', 'mail']) mkdirSync(join(dir, d));
  const mailUid = Number(spawnSync('id', ['-u', 'mail'], { encoding: 'utf8' }).stdout.trim());
  const mailGid = Number(spawnSync('id', ['-g', 'mail'], { encoding: 'utf8' }).stdout.trim());
  chownSync(join(dir, 'mail'), mailUid, mailGid);
  // toolchain.md §5.2: the users file is root:dovecot, mode 640 (Dovecot's auth process reads it).
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${pass}::::::\n`, { mode: 0o640 });
  const dovecotGid = Number(
    spawnSync('getent', ['group', 'dovecot'], { encoding: 'utf8' }).stdout.split(':')[2],
  );
  if (Number.isInteger(dovecotGid)) chownSync(join(dir, 'users'), 0, dovecotGid);
  const port = await freePort();
  writeFileSync(join(dir, 'dovecot.conf'), config(dir, port));

  let child: ChildProcess | undefined;
  const logs = () =>
    ['dovecot.log', 'fg.log']
      .map((f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : ''))
      .join('\n');

  const withClient = async <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass },
      logger: false,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  const up = async () => {
    let fg = '';
    // Its own process group, so down() can stop the master and every session process at once.
    const proc = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    proc.stdout?.on('data', (c: Buffer) => (fg += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (fg += c.toString()));
    child = proc;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) break;
      // Ready means a login works: a bare TCP probe would leave a login process waiting for
      // the auth service, which holds up the next shutdown by seconds.
      if (await withClient(async () => true).catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    signalGroup(proc, 'SIGKILL');
    writeFileSync(join(dir, 'fg.log'), fg);
    throw new Error(`Dovecot did not start on 127.0.0.1:${port}:\n${logs()}`);
  };

  const down = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      // The whole group: a session process would otherwise keep its client connected for a
      // while after the master has gone, which is not what "the server went away" means.
      signalGroup(proc, 'SIGTERM');
    });
    // The master is gone; wait until the port is free so up() can bind it again.
    while (await canConnect(port)) await new Promise((r) => setTimeout(r, 50));
  };

  await up();

  return {
    host: '127.0.0.1',
    port,
    user,
    pass,
    url: `imap://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}/INBOX`,
    deliver: (raw, flags = []) =>
      withClient(async (client) => {
        const res = await client.append('INBOX', raw, flags);
        if (!res || res.uid === undefined) throw new Error('Dovecot did not accept the message');
        return res.uid;
      }),
    inbox: () =>
      withClient(async (client) => {
        const lock = await client.getMailboxLock('INBOX');
        try {
          const all = await client.fetchAll('1:*', { uid: true, flags: true });
          return all.map((m) => ({ uid: m.uid, flags: [...(m.flags ?? [])] }));
        } catch {
          return []; // an empty mailbox has no message 1
        } finally {
          lock.release();
        }
      }),
    down,
    up,
    async stop() {
      await down();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
