import pg from 'pg';
import { type Clock, type Logger, type TimerHandle, toError } from '../../kernel/index.js';
import { StoreClosedError } from '../errors.js';
import { toStoreError } from './connection.js';

export interface NotifierOptions {
  clientConfig: pg.ClientConfig;
  channel: string;
  /** Names the server in errors. */
  target: string;
  /** Called on every notification, and after a reconnect (notifications may have been missed). */
  onWake: () => void;
  logger: Logger;
  /** Schedules reconnect attempts. */
  clock: Clock;
}

const MIN_RECONNECT_DELAY_MS = 100;
const MAX_RECONNECT_DELAY_MS = 5000;

/**
 * One dedicated connection that LISTENs on the store's channel, shared by every waiter of
 * the store. Connects on first use; if the connection drops it reconnects with backoff.
 */
export class Notifier {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private reconnectDelay = MIN_RECONNECT_DELAY_MS;
  private closed = false;

  constructor(private readonly options: NotifierOptions) {}

  /** Resolves once the LISTEN is in place; rejects with StoreUnavailableError if the server cannot be reached. */
  listen(): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reconnectTimer?.cancel();
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.options.clientConfig);
    const onLost = (error?: Error) => this.lost(client, error);
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.options.onWake());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw toStoreError(error, this.options.target);
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelay = MIN_RECONNECT_DELAY_MS;
  }

  private lost(client: pg.Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.options.logger.warn(
      { err: error, target: this.options.target },
      'event store LISTEN connection lost; reconnecting',
    );
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
    this.reconnectTimer = this.options.clock.setTimer(delay, () => {
      this.reconnectTimer = undefined;
      if (this.closed) return;
      this.listen().then(
        () => this.options.onWake(),
        (error: unknown) => {
          this.options.logger.warn({ err: toError(error) }, 'event store LISTEN reconnect failed; retrying');
          this.scheduleReconnect();
        },
      );
    });
  }
}
