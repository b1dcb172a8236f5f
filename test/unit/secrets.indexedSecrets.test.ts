// IndexedSecrets over an in-memory SecretStorage whose every call takes a turn of the event loop, so calls that are
// not queued really interleave: the keys stay the ones earlier versions wrote, concurrent index updates lose nothing,
// a corrupt index reads as empty and is rebuilt.
import assert from 'node:assert/strict';
import { IndexedSecrets, type SecretsLike } from '../../src/secrets/indexedSecrets';

class MemorySecrets implements SecretsLike {
  readonly data = new Map<string, string>();
  readonly writes: string[] = [];
  failNextStore = false;

  async get(key: string): Promise<string | undefined> {
    await tick();
    return this.data.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    await tick();
    if (this.failNextStore) {
      this.failNextStore = false;
      throw new Error('store failed');
    }
    this.writes.push(`store ${key}`);
    this.data.set(key, value);
  }

  async delete(key: string): Promise<void> {
    await tick();
    this.writes.push(`delete ${key}`);
    this.data.delete(key);
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

// The session store's shape: the index is the sorted list of chain names.
function names(secrets: SecretsLike): IndexedSecrets<string> {
  return new IndexedSecrets<string>({
    secrets,
    prefix: 'session/',
    indexKey: 'index/sessions',
    parseEntry: (raw) => (typeof raw === 'string' ? raw : undefined),
    idOf: (n) => n,
  });
}

describe('IndexedSecrets', () => {
  it('keeps values at prefix + id and the index as a sorted JSON list at its own key', async () => {
    const memory = new MemorySecrets();
    const store = names(memory);
    await store.store('prod', 'v1');
    await store.updateIndex((index) => void index.set('prod', 'prod'));
    await store.updateIndex((index) => void index.set('dev', 'dev'));
    assert.equal(memory.data.get('session/prod'), 'v1');
    assert.equal(memory.data.get('index/sessions'), '["dev","prod"]');
    assert.equal(await store.get('prod'), 'v1');
    assert.deepEqual([...(await store.readIndex()).keys()], ['dev', 'prod']);
    assert.equal(store.idOfKey('session/prod'), 'prod');
    assert.equal(store.idOfKey('index/sessions'), undefined);
    assert.ok(store.isIndexKey('index/sessions'));
  });

  it('reads an index written by an earlier version', async () => {
    const memory = new MemorySecrets();
    memory.data.set('index/sessions', '["b","a"]');
    assert.deepEqual([...(await names(memory).readIndex()).keys()].sort(), ['a', 'b']);
  });

  it('loses no entry when updates run concurrently', async () => {
    const memory = new MemorySecrets();
    const store = names(memory);
    const all = Array.from({ length: 20 }, (_, i) => `chain-${String(i).padStart(2, '0')}`);
    await Promise.all(all.map((n) => store.updateIndex((index) => void index.set(n, n))));
    assert.deepEqual(JSON.parse(memory.data.get('index/sessions') ?? '[]'), all);
    await Promise.all(all.map((n) => store.updateIndex((index) => void index.delete(n))));
    assert.equal(memory.data.has('index/sessions'), false, 'an empty index is deleted');
  });

  it('reads a corrupt or non-list index as empty and rebuilds it on the next update, dropping bad entries', async () => {
    for (const corrupt of ['{not json', '{"a":1}', '[1, "kept", null]']) {
      const memory = new MemorySecrets();
      memory.data.set('index/sessions', corrupt);
      const store = names(memory);
      const before = [...(await store.readIndex()).keys()];
      assert.deepEqual(before, corrupt.includes('kept') ? ['kept'] : []);
      await store.updateIndex((index) => void index.set('new', 'new'));
      assert.deepEqual(JSON.parse(memory.data.get('index/sessions') ?? ''), [...before, 'new'].sort());
    }
  });

  it('does not rewrite an index that did not change, nor delete one that is not there', async () => {
    const memory = new MemorySecrets();
    const store = names(memory);
    await store.updateIndex((index) => void index.delete('absent'));
    await store.updateIndex((index) => void index.set('a', 'a'));
    await store.updateIndex((index) => void index.set('a', 'a'));
    assert.deepEqual(memory.writes, ['store index/sessions']);
  });

  it('runs value work inside an update in order, returns its result and reports the index', async () => {
    const memory = new MemorySecrets();
    const seen: string[][] = [];
    const store = new IndexedSecrets<{ id: string; role: string }>({
      secrets: memory,
      prefix: 'externalId/',
      indexKey: 'index/externalIds',
      parseEntry: (raw) => raw as { id: string; role: string },
      idOf: (e) => e.id,
      onIndex: (index) => seen.push([...index.keys()]),
    });
    const count = await store.updateIndex(async (index) => {
      await store.store('c/0', 'secret');
      index.set('c/0', { id: 'c/0', role: 'r' });
      return 1;
    });
    assert.equal(count, 1);
    assert.equal(memory.data.get('externalId/c/0'), 'secret');
    assert.deepEqual(JSON.parse(memory.data.get('index/externalIds') ?? ''), [{ id: 'c/0', role: 'r' }]);
    assert.deepEqual(seen, [['c/0']]);
  });

  it('keeps the queue going after a failed write, and the failure reaches its caller', async () => {
    const memory = new MemorySecrets();
    const store = names(memory);
    memory.failNextStore = true;
    const failed = store.updateIndex((index) => void index.set('a', 'a'));
    const next = store.updateIndex((index) => void index.set('b', 'b'));
    await assert.rejects(failed, /store failed/);
    await next;
    assert.equal(memory.data.get('index/sessions'), '["b"]');
  });
});
