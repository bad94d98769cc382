// The release reader's connection pool: never more connections than Node's
// worker pool has threads, waiters served in order, the instance closed after
// the last connection comes back.
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ConnectionPool, workerPoolSize } from '~/release/pool.server';

describe('connection pool', () => {
  it('is sized to the worker pool', () => {
    expect(workerPoolSize({})).toBe(4);
    expect(workerPoolSize({ UV_THREADPOOL_SIZE: '8' })).toBe(8);
    expect(workerPoolSize({ UV_THREADPOOL_SIZE: 'many' })).toBe(4);
  });

  it('holds at most `size` connections and hands returned ones to waiters in order', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    let closed = false;
    const pool = new ConnectionPool(instance, 2, () => {
      closed = true;
      instance.closeSync();
    });
    const a = await pool.acquire();
    const b = await pool.acquire();
    const order: string[] = [];
    const c = pool.acquire().then((conn) => (order.push('c'), conn));
    const d = pool.acquire().then((conn) => (order.push('d'), conn));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]); // both wait: the pool is full

    pool.release(a);
    const gotC = await c;
    expect(gotC).toBe(a);
    pool.release(b);
    expect(await d).toBe(b);
    expect(order).toEqual(['c', 'd']);
    expect((await gotC.runAndReadAll('SELECT 42 AS x')).getRowObjectsJson()).toEqual([{ x: 42 }]);

    expect(() => pool.release(a)).not.toThrow(); // a went back to c… and now back again
    expect(() => pool.release(a)).toThrow(/not out of the pool/);
    const again = await pool.acquire();
    expect(again).toBe(a);

    pool.close();
    expect(closed).toBe(false); // two connections are still out
    pool.release(again);
    expect(closed).toBe(false);
    pool.release(b);
    expect(closed).toBe(true);
    await expect(pool.acquire()).rejects.toThrow(/closed/);
  });
});
