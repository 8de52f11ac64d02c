import type { ReadBody } from './body-assertions.js';

/**
 * Reads a body as UTF-8 text, keeping at most `limitBytes`. Past the limit the stream is left early,
 * which destroys it: undici then drops that connection rather than reading a huge body to reuse it.
 */
export async function readBodyText(stream: AsyncIterable<Uint8Array>, limitBytes: number): Promise<ReadBody> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream) {
    const room = limitBytes - size;
    if (chunk.byteLength > room) {
      chunks.push(chunk.subarray(0, room));
      size += room;
      truncated = true;
      break;
    }
    chunks.push(chunk);
    size += chunk.byteLength;
  }
  // A multi-byte character cut at the limit decodes as U+FFFD, which no assertion depends on.
  return { text: Buffer.concat(chunks, size).toString('utf8'), truncated };
}
