import { generate } from 'selfsigned';

/** A key and certificate in PEM, ready for `https.createServer`. Test support only. */
export interface TestKeyPair {
  key: string;
  cert: string;
}

/** A throwaway certificate authority for tests. Test support only. */
export interface TestCertificateAuthority {
  /** The CA certificate, to pass as `ca` to a client that should trust it. */
  cert: string;
  /** A server certificate for `localhost` and 127.0.0.1, valid over the given period. */
  issue(notBefore: Date, notAfter: Date): Promise<TestKeyPair>;
}

/** Creates a CA in memory (EC keys, so it takes milliseconds). Test support only. */
export async function createTestCertificateAuthority(): Promise<TestCertificateAuthority> {
  const ca = await generate([{ name: 'commonName', value: 'Vigia Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return {
    cert: ca.cert,
    issue: async (notBefore, notAfter) => {
      const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
        keyType: 'ec',
        algorithm: 'sha256',
        notBeforeDate: notBefore,
        notAfterDate: notAfter,
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          {
            name: 'subjectAltName',
            altNames: [
              { type: 2, value: 'localhost' },
              { type: 7, ip: '127.0.0.1' },
            ],
          },
        ],
      });
      return { key: leaf.private, cert: leaf.cert };
    },
  };
}
