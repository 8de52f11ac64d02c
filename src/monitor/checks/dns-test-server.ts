import dgram from 'node:dgram';

/** Records a test name answers with; a name not in the zone gets NXDOMAIN. Test support only. */
export interface DnsTestRecords {
  A?: string[];
  /** Each record as its character-strings (a record longer than 255 bytes comes in chunks). */
  TXT?: string[][];
  MX?: Array<{ priority: number; exchange: string }>;
}

/** A DNS responder on 127.0.0.1 over UDP. Test support only. */
export interface DnsTestServer {
  /** `127.0.0.1:port`, as a DNS check's `server`. */
  readonly address: string;
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_MX = 15;
const TYPE_TXT = 16;
const CLASS_IN = 1;
const RCODE_NXDOMAIN = 3;
const RCODE_FORMERR = 1;

/** Starts a tiny authoritative responder for a fixed zone (names compared case-insensitively). */
export async function startDnsTestServer(zone: Record<string, DnsTestRecords>): Promise<DnsTestServer> {
  const records = new Map(Object.entries(zone).map(([name, r]) => [name.toLowerCase(), r]));
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    const reply = answer(query, records);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answer(query: Buffer, zone: Map<string, DnsTestRecords>): Buffer | undefined {
  if (query.length < 12) return undefined;
  const question = readQuestion(query);
  if (!question) return header(query, RCODE_FORMERR, 0, 0);
  const found = zone.get(question.name.toLowerCase());
  const questionBytes = query.subarray(12, question.end);
  if (!found) return Buffer.concat([header(query, RCODE_NXDOMAIN, 1, 0), questionBytes]);
  const rdatas = recordData(found, question.type);
  const answers = rdatas.map((rdata) => resourceRecord(question.type, rdata));
  return Buffer.concat([header(query, 0, 1, answers.length), questionBytes, ...answers]);
}

function readQuestion(query: Buffer): { name: string; type: number; end: number } | undefined {
  const labels: string[] = [];
  let at = 12;
  while (at < query.length) {
    const length = query[at] ?? 0;
    at += 1;
    if (length === 0) {
      if (at + 4 > query.length) return undefined;
      return { name: labels.join('.'), type: query.readUInt16BE(at), end: at + 4 };
    }
    labels.push(query.toString('latin1', at, at + length));
    at += length;
  }
  return undefined;
}

function header(query: Buffer, rcode: number, questions: number, answers: number): Buffer {
  const out = Buffer.alloc(12);
  out.writeUInt16BE(query.readUInt16BE(0), 0);
  const recursionDesired = query.readUInt16BE(2) & 0x0100;
  // QR (a response), AA (authoritative), RA (recursion available), RD echoed.
  out.writeUInt16BE(0x8000 | 0x0400 | 0x0080 | recursionDesired | rcode, 2);
  out.writeUInt16BE(questions, 4);
  out.writeUInt16BE(answers, 6);
  return out;
}

function recordData(records: DnsTestRecords, type: number): Buffer[] {
  switch (type) {
    case TYPE_A:
      return (records.A ?? []).map((address) => Buffer.from(address.split('.').map(Number)));
    case TYPE_TXT:
      return (records.TXT ?? []).map((chunks) => Buffer.concat(chunks.map(lengthPrefixed)));
    case TYPE_MX:
      return (records.MX ?? []).map((mx) => {
        const priority = Buffer.alloc(2);
        priority.writeUInt16BE(mx.priority);
        return Buffer.concat([priority, encodeName(mx.exchange)]);
      });
    default:
      return [];
  }
}

function resourceRecord(type: number, rdata: Buffer): Buffer {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // a pointer to the question's name at offset 12
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(CLASS_IN, 4);
  fixed.writeUInt32BE(60, 6);
  fixed.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([fixed, rdata]);
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  return Buffer.concat([...labels.map(lengthPrefixed), Buffer.from([0])]);
}

// Labels and TXT character-strings are a length byte and at most 255 bytes.
function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text);
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}
