const CERTIFICATE_PROBLEMS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  CERT_REVOKED: 'certificate has been revoked',
  CERT_SIGNATURE_FAILURE: 'certificate signature is invalid',
  CERT_UNTRUSTED: 'certificate is not trusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_GET_ISSUER_CERT: 'issuer certificate not found',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer certificate not found among the trusted ones',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the certificate against a trusted issuer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
};

/** Whether an error code is a certificate verification failure (as opposed to a network one). */
export function isCertificateErrorCode(code: string): boolean {
  return code in CERTIFICATE_PROBLEMS;
}

/** Words for a TLS `authorizationError` code, keeping the code for people who search for it. */
export function describeCertificateProblem(code: string, hostname?: string): string {
  const text =
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' && hostname
      ? `certificate does not match ${hostname}`
      : (CERTIFICATE_PROBLEMS[code] ?? 'certificate is not valid');
  return `${text} (${code})`;
}
