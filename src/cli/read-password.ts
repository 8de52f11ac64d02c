import { UsageError } from './exit-codes.js';

/** Reads all of stdin (for --password-stdin), without its final line break. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for one line on the terminal without echoing it (raw mode; Ctrl-C cancels). */
function ask(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new UsageError('Cancelled; nothing was changed'));
          return;
        }
        value = char === '\u007f' || char === '\b' ? [...value].slice(0, -1).join('') : value + char;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * A new password: from stdin with --password-stdin (scripts), else typed twice on the
 * terminal with no echo. Never from a flag, where it would land in shell history and `ps`.
 */
export async function readNewPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY) {
    throw new UsageError('No terminal to ask for the password on: pipe it in with --password-stdin');
  }
  const first = await ask('New password: ');
  const second = await ask('Again: ');
  if (first !== second) throw new UsageError('The two passwords differ; nothing was changed');
  return first;
}
