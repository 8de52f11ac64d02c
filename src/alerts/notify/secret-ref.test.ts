import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeSecretRef, resolveSecretFromEnvironment } from './secret-ref.js';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'vigia-secret-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('secret references', () => {
  it('read an environment variable, unset or blank being missing', async () => {
    process.env.VIGIA_TEST_SECRET_REF = '  s3cret \n';
    process.env.VIGIA_TEST_SECRET_BLANK = '   ';
    expect(await resolveSecretFromEnvironment({ env: 'VIGIA_TEST_SECRET_REF' })).toBe('s3cret');
    expect(await resolveSecretFromEnvironment({ env: 'VIGIA_TEST_SECRET_BLANK' })).toBeUndefined();
    expect(await resolveSecretFromEnvironment({ env: 'VIGIA_TEST_SECRET_UNSET' })).toBeUndefined();
    delete process.env.VIGIA_TEST_SECRET_REF;
    delete process.env.VIGIA_TEST_SECRET_BLANK;
  });

  it('read a file trimmed; a missing file is missing, other errors are thrown', async () => {
    const file = join(directory, 'password');
    await writeFile(file, 'pa55word\n');
    expect(await resolveSecretFromEnvironment({ file })).toBe('pa55word');
    expect(await resolveSecretFromEnvironment({ file: join(directory, 'absent') })).toBeUndefined();
    await expect(resolveSecretFromEnvironment({ file: directory })).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('are described by where they are, never by value', () => {
    expect(describeSecretRef({ env: 'VIGIA_X' })).toBe('env VIGIA_X');
    expect(describeSecretRef({ file: '/run/secrets/smtp' })).toBe('file /run/secrets/smtp');
  });
});
