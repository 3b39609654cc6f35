// DNS-rebinding and CSRF defence: only our own Host (loopback names or the configured
// host), only same-origin browser requests for writes, and, for the desktop app, a
// per-launch secret token on every request.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { DomainError, errorBody } from '../../shared/domain/errors';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? host);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function hostGuard(launchToken: string | undefined, extraHosts: readonly string[] = []) {
  const allowedHosts = new Set([...LOOPBACK_HOSTS, ...extraHosts.map((h) => h.toLowerCase())]);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const host = (req.headers.host ?? '').toLowerCase();
    // Bound to loopback: any other Host header means a rebinding attempt.
    if (launchToken !== undefined && !allowedHosts.has(hostName(host))) {
      return reply.code(403).send(errorBody(new DomainError('invalid_access')));
    }
    const origin = req.headers.origin;
    // With a launch token the token itself proves the caller is our app (another site cannot
    // know it); without one, writes from a browser must come from our own origin.
    if (launchToken === undefined && origin && req.method !== 'GET' && req.method !== 'HEAD') {
      let originHost: string;
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        originHost = '';
      }
      if (originHost !== host) return reply.code(403).send(errorBody(new DomainError('invalid_access')));
    }
    if (launchToken !== undefined) {
      const given = req.headers['x-foyer-launch-token'];
      if (typeof given !== 'string' || !sameToken(given, launchToken)) {
        return reply.code(403).send(errorBody(new DomainError('invalid_access')));
      }
    }
  };
}
