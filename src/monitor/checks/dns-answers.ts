import type { Resolver } from 'node:dns/promises';
import type { DnsRecordType } from './check-types.js';

/** Resolves `name` and gives each answer as text: MX its exchange, TXT its chunks joined. */
export async function resolveAsText(
  resolver: Resolver,
  name: string,
  recordType: DnsRecordType,
): Promise<string[]> {
  switch (recordType) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    case 'NS':
      return resolver.resolveNs(name);
    case 'MX':
      return (await resolver.resolveMx(name)).map((record) => record.exchange);
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
  }
}

/** The expected values not among the answers; names and addresses compare case-insensitively. */
export function missingAnswers(recordType: DnsRecordType, expected: string[], answers: string[]): string[] {
  const comparable = (value: string): string => (recordType === 'TXT' ? value : canonicalName(value));
  const found = new Set(answers.map(comparable));
  return expected.filter((value) => !found.has(comparable(value)));
}

// "Mail.Example.com." and "mail.example.com" are the same name.
function canonicalName(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '');
}
