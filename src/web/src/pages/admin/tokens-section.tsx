import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useLiveReload } from '../../live/use-live-reload.js';
import { ErrorMessage } from '../../ui/error-message.js';
import { formatTime } from '../../ui/format.js';
import { useApi } from '../../ui/use-api.js';
import { ConfirmButton } from './confirm-button.js';
import { TokenCreateForm } from './token-create-form.js';
import { type CreatedToken, sortTokens, type TokenInfo, tokenStatus } from './token-model.js';
import { TokenOnce } from './token-once.js';

/**
 * API tokens: the list (never a secret; the API records no last use), a form to create one
 * whose token is shown once, and revocation, asked in place. Kept current from the live stream.
 */
export function TokensSection() {
  const tokens = useApi('admin-tokens', () =>
    api<{ tokens: TokenInfo[] }>('GET', '/api/tokens').then((r) => sortTokens(r.tokens)),
  );
  useLiveReload(['auth.token_'], tokens.reload);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const now = Date.now();

  const onCreated = (token: CreatedToken) => {
    setCreated(token);
    tokens.reload();
  };
  const revoke = async (token: TokenInfo) => {
    await api('DELETE', `/api/tokens/${encodeURIComponent(token.tokenId)}`);
    tokens.reload();
  };

  return (
    <section aria-labelledby="admin-tokens-title">
      <h2 id="admin-tokens-title">API tokens</h2>
      {created && <TokenOnce created={created} onDone={() => setCreated(null)} />}
      <ErrorMessage error={tokens.error} />
      {tokens.loading && !tokens.data && <p aria-busy="true">Loading tokens…</p>}
      {tokens.data && tokens.data.length === 0 && <p>No API tokens yet.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <div class="admin-table-wrap">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => {
                const status = tokenStatus(token, now);
                return (
                  <tr key={token.tokenId} class={status === 'active' ? undefined : 'admin-muted'}>
                    <th scope="row">{token.name}</th>
                    <td>{token.role}</td>
                    <td>{formatTime(token.createdAt)}</td>
                    <td>{token.expiresAt ? formatTime(token.expiresAt) : 'never'}</td>
                    <td>{status === 'revoked' ? `revoked ${formatTime(token.revokedAt)}` : status}</td>
                    <td>
                      {status === 'active' && (
                        <ConfirmButton
                          label={`Revoke ${token.name}`}
                          question={`Revoke the token “${token.name}”? Scripts using it are refused from now on.`}
                          confirmLabel="Revoke"
                          danger
                          onConfirm={() => revoke(token)}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <TokenCreateForm onCreated={onCreated} />
    </section>
  );
}
