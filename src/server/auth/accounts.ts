import type { EventMetadata, EventStore } from '../../events/index.js';
import type { Clock } from '../../kernel/index.js';
import { BulkheadPolicy, BulkheadRejectedError } from '../../resilience/index.js';
import { HttpProblemError } from '../problem.js';
import type { ResourceDefinition } from '../resources/resource-definition.js';
import type { ResourceStore, ResourceView } from '../resources/resource-store.js';
import {
  AUDIT_STREAM,
  AuthEvents,
  type LoginFailedData,
  type LoginFailureReason,
  type LoginSucceededData,
} from './auth-events.js';
import type { CredentialStore } from './credential-store.js';
import type { LoginThrottle } from './login-throttle.js';
import { passwordProblem } from './password-hash.js';
import type { Role, SessionPrincipal } from './principal.js';
import type { NewSession, SessionStore } from './session-store.js';

/** A user document (the `users` resource). */
export interface UserDoc {
  name: string;
  displayName?: string;
  role: Role;
  disabled?: boolean;
}

export interface LoginInput {
  name: string;
  password: string;
  /** The six-digit code, for users with a second factor. */
  code?: string;
}

export interface LoggedIn {
  user: { id: string; name: string; role: Role; displayName?: string };
  session: NewSession;
}

export interface AccountsDependencies {
  store: EventStore;
  clock: Clock;
  resources: ResourceStore;
  users: ResourceDefinition;
  credentials: CredentialStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
}

/**
 * Users' passwords, second factors and login sessions, over the `users` resource. Every
 * login, failed login and logout is an audit event; a password change ends the user's
 * other sessions. Password hashing is expensive on purpose, so at most two run at once
 * (with a short queue): a flood of logins cannot starve the rest of the server.
 */
export class Accounts {
  private readonly hashing = new BulkheadPolicy({ name: 'password_hashing', maxConcurrent: 2, maxQueue: 32 });

  constructor(private readonly deps: AccountsDependencies) {}

  async findByName(name: string): Promise<ResourceView | undefined> {
    const found = await this.deps.resources.findBy(this.deps.users, 'name', name);
    return found[0];
  }

  async getUser(userId: string): Promise<ResourceView | undefined> {
    return this.deps.resources.get(this.deps.users, userId);
  }

  async login(input: LoginInput, metadata: EventMetadata): Promise<LoggedIn> {
    const { throttle, credentials } = this.deps;
    const user = await this.findByName(input.name);
    const locked = throttle.lockoutRemaining(input.name);
    if (locked > 0) {
      await this.recordFailure('locked_out', user, metadata);
      throw new HttpProblemError(
        429,
        'LOGIN_LOCKED',
        'Too many failed logins for this account; wait and retry',
        {
          retryAfterMs: locked,
        },
      );
    }
    const doc = user?.doc as UserDoc | undefined;
    const passwordOk = await this.guard(() =>
      credentials.checkPassword(user?.id ?? 'nobody', input.password),
    );
    const failure: LoginFailureReason | undefined = !user
      ? 'unknown_user'
      : doc!.disabled
        ? 'disabled'
        : passwordOk
          ? undefined
          : 'wrong_password';
    if (failure) return this.refuse(failure, user, input.name, metadata);
    const { totpEnabled } = await credentials.state(user!.id);
    if (totpEnabled) {
      if (!input.code) {
        throw new HttpProblemError(
          401,
          'TOTP_REQUIRED',
          'This account needs the code from its authenticator app',
        );
      }
      if (!(await credentials.checkTotp(user!.id, input.code))) {
        return this.refuse('wrong_code', user, input.name, metadata);
      }
    }
    throttle.recordSuccess(input.name);
    return this.openSession(user!, totpEnabled ? 'password+totp' : 'password', metadata);
  }

  /** Opens a session for a user who has just proved who they are (login or first-start setup). */
  async openSession(
    user: ResourceView,
    method: LoginSucceededData['method'],
    metadata: EventMetadata,
  ): Promise<LoggedIn> {
    const doc = user.doc as unknown as UserDoc;
    const session = await this.deps.sessions.open(user.id);
    const data: LoginSucceededData = {
      userId: user.id,
      name: doc.name,
      sessionId: session.sessionId,
      method,
    };
    await this.audit(AuthEvents.loginSucceeded, data, { ...metadata, actor: `user:${doc.name}` });
    return { user: publicUser(user), session };
  }

  /** The principal of a session cookie; undefined when the session or its user is gone or disabled. */
  async sessionPrincipal(cookieValue: string): Promise<SessionPrincipal | undefined> {
    const session = await this.deps.sessions.resolve(cookieValue);
    if (!session) return undefined;
    const user = await this.getUser(session.userId);
    const doc = user?.doc as UserDoc | undefined;
    if (!user || !doc || doc.disabled) return undefined;
    return {
      kind: 'session',
      id: user.id,
      userId: user.id,
      name: doc.name,
      actor: `user:${doc.name}`,
      role: doc.role,
      sessionId: session.sessionId,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  }

  async logout(principal: SessionPrincipal, metadata: EventMetadata): Promise<void> {
    await this.deps.sessions.end(principal.sessionId);
    await this.audit(
      AuthEvents.loggedOut,
      { userId: principal.userId, sessionId: principal.sessionId },
      metadata,
    );
  }

  /** Checks a logged-in user's password (before turning a second factor off …); failures count toward lockout. */
  async passwordMatches(principal: SessionPrincipal, password: string): Promise<boolean> {
    const locked = this.deps.throttle.lockoutRemaining(principal.name);
    if (locked > 0) {
      throw new HttpProblemError(
        429,
        'LOGIN_LOCKED',
        'Too many wrong passwords for this account; wait and retry',
        {
          retryAfterMs: locked,
        },
      );
    }
    const ok = await this.guard(() => this.deps.credentials.checkPassword(principal.userId, password));
    if (!ok) this.deps.throttle.recordFailure(principal.name);
    return ok;
  }

  /** Ends every session of a user ("log out everywhere", an admin locking someone out). */
  async endSessions(userId: string, metadata: EventMetadata): Promise<void> {
    await this.deps.sessions.endAllFor(userId);
    await this.audit(AuthEvents.loggedOut, { userId, allSessions: true }, metadata);
  }

  /** A user changes their own password: the current one is checked, their other sessions end. */
  async changeOwnPassword(
    principal: SessionPrincipal,
    current: string,
    next: string,
    metadata: EventMetadata,
  ): Promise<void> {
    if (!(await this.passwordMatches(principal, current))) {
      throw new HttpProblemError(403, 'WRONG_PASSWORD', 'The current password is not right');
    }
    await this.setPassword(principal.userId, next, metadata, principal.sessionId);
  }

  /** Sets a user's password (admin reset, CLI, setup) and ends their sessions but `keepSessionId`. */
  async setPassword(
    userId: string,
    password: string,
    metadata: EventMetadata,
    keepSessionId?: string,
  ): Promise<void> {
    const user = await this.getUser(userId);
    if (!user) throw new HttpProblemError(404, 'NOT_FOUND', `No user ${userId}`);
    this.checkNewPassword(user, password);
    await this.guard(() => this.deps.credentials.setPassword(userId, password, metadata));
    await this.deps.sessions.endAllFor(userId, keepSessionId);
  }

  /** Throws a 400 naming the rule a new password breaks. */
  checkNewPassword(user: ResourceView, password: string, field = 'password'): void {
    const problem = passwordProblem(password, (user.doc as unknown as UserDoc).name);
    if (problem) {
      throw new HttpProblemError(400, 'VALIDATION_FAILED', `${field} ${problem}`, {
        errors: [{ field, message: problem }],
      });
    }
  }

  async createUser(doc: UserDoc, metadata: EventMetadata): Promise<ResourceView> {
    return this.deps.resources.create(this.deps.users, { ...doc }, metadata);
  }

  async hasUsers(): Promise<boolean> {
    const page = await this.deps.resources.list(this.deps.users, { limit: 1, filters: {} });
    return page.items.length > 0;
  }

  async listUsers(): Promise<ResourceView[]> {
    const all: ResourceView[] = [];
    let after: string | undefined;
    do {
      const page = await this.deps.resources.list(this.deps.users, { after, limit: 500, filters: {} });
      all.push(...page.items);
      after = page.next ?? undefined;
    } while (after);
    return all;
  }

  private async refuse(
    reason: LoginFailureReason,
    user: ResourceView | undefined,
    attemptedName: string,
    metadata: EventMetadata,
  ): Promise<never> {
    this.deps.throttle.recordFailure(attemptedName);
    await this.recordFailure(reason, user, metadata);
    throw new HttpProblemError(
      401,
      reason === 'wrong_code' ? 'WRONG_CODE' : 'LOGIN_FAILED',
      reason === 'wrong_code' ? 'The code is not right (or was used already)' : 'Wrong name or password',
    );
  }

  private async recordFailure(
    reason: LoginFailureReason,
    user: ResourceView | undefined,
    metadata: EventMetadata,
  ): Promise<void> {
    const data: LoginFailedData = { reason };
    if (user) {
      data.userId = user.id;
      data.name = (user.doc as unknown as UserDoc).name;
    }
    await this.audit(AuthEvents.loginFailed, data, { ...metadata, actor: 'anonymous' });
  }

  private async audit(type: string, data: object, metadata: EventMetadata): Promise<void> {
    await this.deps.store.appendToStream(AUDIT_STREAM, [{ type, data: { ...data }, metadata }]);
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.hashing.execute(work);
    } catch (error) {
      if (error instanceof BulkheadRejectedError) {
        throw new HttpProblemError(503, 'BUSY', 'Too many logins at once; retry in a moment', {
          retryAfterMs: 1000,
        });
      }
      throw error;
    }
  }
}

/** A user as the API shows it: never a credential. */
export function publicUser(user: ResourceView): LoggedIn['user'] {
  const doc = user.doc as unknown as UserDoc;
  const out: LoggedIn['user'] = { id: user.id, name: doc.name, role: doc.role };
  if (doc.displayName) out.displayName = doc.displayName;
  return out;
}
