// A small pool of connections to one read-only release instance.
//
// Every DuckDB query runs on Node's worker pool (libuv, UV_THREADPOOL_SIZE,
// default 4). More concurrent queries than workers only queue there, and they
// also queue file-system work behind them, so the pool never holds more
// connections than there are workers; callers beyond that wait here, in order.
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export function workerPoolSize(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 4;
}

export class ConnectionPool {
  private idle: DuckDBConnection[] = [];
  private out = new Set<DuckDBConnection>();
  private open = 0;
  private waiting: ((connection: DuckDBConnection) => void)[] = [];
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    readonly size: number = workerPoolSize(),
    /** Called once the pool is closed and its last connection with it. */
    private readonly onClosed: () => void = () => undefined,
  ) {}

  async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('the release connection pool is closed');
    const idle = this.idle.pop();
    if (idle) return this.lend(idle);
    if (this.open < this.size) {
      this.open += 1;
      try {
        return this.lend(await this.instance.connect());
      } catch (error) {
        this.open -= 1;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiting.push((c) => resolve(this.lend(c))));
  }

  private lend(connection: DuckDBConnection): DuckDBConnection {
    this.out.add(connection);
    return connection;
  }

  release(connection: DuckDBConnection): void {
    // A second release would put one connection in two callers' hands.
    if (!this.out.delete(connection)) throw new Error('this connection is not out of the pool');
    const next = this.waiting.shift();
    if (next) return next(connection);
    if (this.closed) {
      connection.closeSync();
      this.open -= 1;
      this.finish();
      return;
    }
    this.idle.push(connection);
  }

  /** Closes idle connections now, busy ones as they come back, then the instance. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.idle) connection.closeSync();
    this.open -= this.idle.length;
    this.idle = [];
    this.finish();
  }

  private finish(): void {
    if (this.open === 0 && this.waiting.length === 0) this.onClosed();
  }
}
