// Small helpers every route adapter uses: who is asking, and typed access to params/body.
import type { FastifyRequest } from 'fastify';
import type { User } from '../db/schema';
import { DomainError } from '../../shared/domain/errors';
import { isStaff } from '../users/users-repository';

export function requireActor(req: FastifyRequest): User {
  if (!req.actor) throw new DomainError('not_logged_in');
  return req.actor;
}

export function requireStaff(req: FastifyRequest): User {
  const actor = requireActor(req);
  if (!isStaff(actor)) throw new DomainError('invalid_access');
  return actor;
}

export function requireAdmin(req: FastifyRequest): User {
  const actor = requireActor(req);
  if (!actor.admin) throw new DomainError('invalid_access');
  return actor;
}

/** Request body as a record (JSON or form-encoded); anything else is treated as empty. */
export function bodyOf(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

export function queryOf(req: FastifyRequest): Record<string, unknown> {
  const q = req.query;
  return q && typeof q === 'object' ? (q as Record<string, unknown>) : {};
}

export function param(req: FastifyRequest, name: string): string {
  const p = (req.params as Record<string, string | undefined>)[name];
  if (p === undefined)
    throw new DomainError('invalid_parameters', { detail: `missing ${name} in the path.` });
  return p;
}

/** A numeric id from the path ("12" or "12.json" already stripped by the route). */
export function idParam(req: FastifyRequest, name = 'id'): number {
  const raw = param(req, name);
  if (!/^\d+$/.test(raw)) throw new DomainError('not_found');
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new DomainError('not_found');
  return n;
}

/** Accepts true/false given as booleans or as the strings form-encoded clients send. */
export function boolField(value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === '1' || value === 1) return true;
  if (value === false || value === 'false' || value === '0' || value === 0) return false;
  return undefined;
}
