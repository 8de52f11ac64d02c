import { describe, expect, it } from 'vitest';
import type { AppendResult } from '../envelope.js';
import type { PreparedAppend } from '../prepare-append.js';
import { GroupCommit } from './group-commit.js';

const append = (streamId: string): PreparedAppend[] => [{ streamId, expectedVersion: 'any', events: [] }];
const result = (streamId: string): AppendResult => ({
  streamId,
  nextExpectedVersion: 1,
  positions: [],
  eventIds: [],
  duplicate: false,
});

describe('GroupCommit', () => {
  it('sends appends that queue behind a busy writer together, and splits the results back', async () => {
    const together: string[][] = [];
    let release!: () => void;
    const firstDone = new Promise<void>((r) => (release = r));
    const group = new GroupCommit({
      maxInFlight: 1,
      writeAlone: async (p) => {
        await firstDone;
        return p.map((a) => result(a.streamId));
      },
      writeTogether: async (p) => {
        together.push(p.map((a) => a.streamId));
        return { results: p.map((a) => result(a.streamId)), recorded: [] };
      },
      published: () => undefined,
    });
    const first = group.submit(append('a'));
    const rest = ['b', 'c', 'd'].map((s) => group.submit(append(s)));
    release();
    expect((await first)[0]!.streamId).toBe('a');
    expect((await Promise.all(rest)).map((r) => r[0]!.streamId)).toEqual(['b', 'c', 'd']);
    expect(together).toEqual([['b', 'c', 'd']]);
  });

  it('writes a failed group again one by one, so each request succeeds or fails alone', async () => {
    let release!: () => void;
    const firstDone = new Promise<void>((r) => (release = r));
    const group = new GroupCommit({
      maxInFlight: 1,
      writeAlone: async (p) => {
        await firstDone;
        if (p[0]!.streamId === 'bad') throw new Error('conflict on bad');
        return p.map((a) => result(a.streamId));
      },
      writeTogether: async () => {
        throw new Error('the group failed');
      },
      published: () => undefined,
    });
    const first = group.submit(append('a'));
    const outcomes = Promise.allSettled(['b', 'bad', 'c'].map((s) => group.submit(append(s))));
    release();
    await first;
    expect(
      (await outcomes).map((o) => (o.status === 'fulfilled' ? o.value[0]!.streamId : String(o.reason))),
    ).toEqual(['b', 'Error: conflict on bad', 'c']);
  });
});
