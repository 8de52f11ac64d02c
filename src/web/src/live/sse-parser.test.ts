import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser.js';

const message = 'id: 42\nevent: monitor.check_completed\ndata: {"a":1}\n\n';

describe('SseParser', () => {
  it('parses events, whatever the chunks', () => {
    const whole = new SseParser().feed(message + message.replace('42', '43'));
    expect(whole).toEqual([
      { id: '42', event: 'monitor.check_completed', data: '{"a":1}' },
      { id: '43', event: 'monitor.check_completed', data: '{"a":1}' },
    ]);
    for (let size = 1; size < message.length; size++) {
      const parser = new SseParser();
      const events = [];
      for (let i = 0; i < message.length; i += size) events.push(...parser.feed(message.slice(i, i + size)));
      expect(events, `chunks of ${size}`).toEqual([whole[0]]);
    }
  });

  it('skips comments, joins data lines, accepts CRLF, and keeps the last id', () => {
    const parser = new SseParser();
    expect(parser.feed(': keep-alive\r\n\r\n')).toEqual([]);
    expect(parser.feed('id: 7\r\ndata: one\r\ndata: two\r\n\r')).toEqual([]);
    expect(parser.feed('\ndata: three\n\n')).toEqual([
      { id: '7', event: 'message', data: 'one\ntwo' },
      { id: '7', event: 'message', data: 'three' },
    ]);
  });
});
