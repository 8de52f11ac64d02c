import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBodyText } from './read-body.js';

describe('readBodyText', () => {
  it('reads a whole body under the limit', async () => {
    const body = Readable.from([Buffer.from('hello '), Buffer.from('wörld')]);
    expect(await readBodyText(body, 1024)).toEqual({ text: 'hello wörld', truncated: false });
  });

  it('keeps only the limit, says so, and stops reading the stream', async () => {
    let produced = 0;
    async function* endless() {
      while (true) {
        produced += 1;
        yield Buffer.alloc(1000, 'a');
      }
    }
    const body = Readable.from(endless());
    const read = await readBodyText(body, 2500);
    expect(read.text).toBe('a'.repeat(2500));
    expect(read.truncated).toBe(true);
    expect(body.destroyed).toBe(true);
    expect(produced).toBeLessThan(10);
  });

  it('is not truncated when the body is exactly the limit', async () => {
    expect(await readBodyText(Readable.from([Buffer.from('abcd')]), 4)).toEqual({
      text: 'abcd',
      truncated: false,
    });
  });
});
