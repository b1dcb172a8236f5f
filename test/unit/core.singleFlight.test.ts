// SingleFlight: concurrent runs of one key share one run; different keys and later runs do not.
import assert from 'node:assert/strict';
import { SingleFlight } from '../../src/core/singleFlight';

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SingleFlight', () => {
  it('shares one run between concurrent callers of the same key', async () => {
    const flight = new SingleFlight<number>();
    const d = deferred<number>();
    let calls = 0;
    const work = () => {
      calls += 1;
      return d.promise;
    };
    const a = flight.run('prod', work);
    const b = flight.run('prod', work);
    assert.equal(flight.isRunning('prod'), true);
    d.resolve(7);
    assert.deepEqual(await Promise.all([a, b]), [7, 7]);
    assert.equal(calls, 1);
    assert.equal(flight.isRunning('prod'), false);
  });

  it('runs different keys separately and starts afresh after completion', async () => {
    const flight = new SingleFlight<string>();
    let calls = 0;
    const work = async () => `run ${++calls}`;
    assert.deepEqual(await Promise.all([flight.run('a', work), flight.run('b', work)]), ['run 1', 'run 2']);
    assert.equal(await flight.run('a', work), 'run 3');
  });

  it('shares a failure and forgets it, so a retry runs again', async () => {
    const flight = new SingleFlight<string>();
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error('denied');
    };
    const results = await Promise.allSettled([flight.run('k', failing), flight.run('k', failing)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal(calls, 1);
    assert.equal(await flight.run('k', async () => 'ok'), 'ok');
  });

  it('turns a synchronous throw into a rejection', async () => {
    const flight = new SingleFlight<string>();
    await assert.rejects(flight.run('k', () => {
      throw new Error('sync');
    }), /sync/);
    assert.equal(flight.isRunning('k'), false);
  });
});
