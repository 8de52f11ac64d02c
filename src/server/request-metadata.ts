import type { FastifyRequest } from 'fastify';
import type { EventMetadata } from '../events/index.js';

/** Metadata of an event caused by an API request: who, from where, with what, under which trace. */
export function requestMetadata(request: FastifyRequest): EventMetadata {
  const metadata: EventMetadata = { sourceIp: request.ip, correlationId: request.id };
  if (request.principal) metadata.actor = request.principal.actor;
  const agent = request.headers['user-agent'];
  if (agent) metadata.userAgent = agent.slice(0, 300);
  return metadata;
}
