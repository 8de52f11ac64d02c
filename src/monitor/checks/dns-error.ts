import type { DnsRecordType } from './check-types.js';

/** A person's words for a failed DNS query (c-ares codes as Node reports them). */
export function describeDnsError(error: unknown, name: string, recordType: DnsRecordType): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ENOTFOUND':
      return `${name} does not exist (NXDOMAIN)`;
    case 'ENODATA':
      return `${name} has no ${recordType} records`;
    case 'ETIMEOUT':
      return 'DNS server did not answer';
    case 'ECONNREFUSED':
      return 'DNS server refused the connection';
    case 'ESERVFAIL':
      return 'DNS server failed to answer (SERVFAIL)';
    case 'EREFUSED':
      return 'DNS server refused the query (REFUSED)';
    case 'EBADRESP':
    case 'EFORMERR':
      return `DNS server sent a malformed answer (${code})`;
    case 'EBADNAME':
      return `invalid name "${name}"`;
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return code === undefined || message.includes(code)
        ? `DNS query failed: ${message}`
        : `DNS query failed: ${message} (${code})`;
    }
  }
}
