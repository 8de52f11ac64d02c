import type { FastifyInstance } from 'fastify';
import { HttpProblemError } from '../problem.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies must be valid UTF-8. Fastify's own parser decodes leniently, turning bad bytes
 * into U+FFFD, so stored data would silently differ from what was sent; this one refuses
 * them with 400, then parses as Fastify does (prototype poisoning refused).
 */
export function registerStrictJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new HttpProblemError(400, 'INVALID_UTF8', 'The request body is not valid UTF-8'), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
