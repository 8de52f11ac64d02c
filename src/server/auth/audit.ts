import type { FastifyRequest } from 'fastify';
import type { EventStore } from '../../events/index.js';
import { requestMetadata } from '../request-metadata.js';
import { AUDIT_STREAM, AuthEvents, type PermissionDeniedData } from './auth-events.js';
import type { Principal } from './principal.js';

/** Records a refused request as an `auth.permission_denied` event (who, what, from where). */
export async function auditPermissionDenied(
  store: EventStore,
  request: FastifyRequest,
  principal: Principal,
  required: string,
): Promise<void> {
  const data: PermissionDeniedData = {
    method: request.method,
    route: request.routeOptions.url ?? request.url,
    required,
    role: principal.role,
  };
  await store.appendToStream(AUDIT_STREAM, [
    {
      type: AuthEvents.permissionDenied,
      data,
      metadata: { ...requestMetadata(request), actor: principal.actor },
    },
  ]);
}

/** Records a request that presented a credential we do not accept (unknown, revoked or expired token). */
export async function auditAuthenticationFailed(store: EventStore, request: FastifyRequest): Promise<void> {
  await store.appendToStream(AUDIT_STREAM, [
    {
      type: AuthEvents.authenticationFailed,
      data: { method: request.method, route: request.routeOptions.url ?? request.url },
      metadata: { ...requestMetadata(request), actor: 'anonymous' },
    },
  ]);
}
