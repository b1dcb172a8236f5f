// The S3 view's listing model in plain Node: pages and Load more, filters, refresh, errors, a session change, the
// roots a chain shows, and which level each change names. The source is a fake whose answers the test releases, so
// every state in between (loading, loading more, a stale answer) can be looked at.
import * as assert from 'node:assert/strict';
import type { ListBucketsResult, ListPage } from '../../src/core/aws';
import { ListingModel, type Level, type ListingSource } from '../../src/ui/s3/listingModel';
import type { ContainerRef, RootRef } from '../../src/ui/s3/refs';

interface Call<T> {
  args: unknown[];
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** A source whose every request waits until the test answers it. */
class FakeSource implements ListingSource {
  readonly bucketCalls: Array<Call<{ listed: ListBucketsResult; pinned: readonly string[]; added: readonly string[] }>> = [];
  readonly pageCalls: Array<Call<ListPage> & { level: ContainerRef; prefix: string; token: string | undefined }> = [];

  buckets(root: RootRef): Promise<{ listed: ListBucketsResult; pinned: readonly string[]; added: readonly string[] }> {
    return new Promise((resolve, reject) => this.bucketCalls.push({ args: [root], resolve, reject }));
  }

  page(level: ContainerRef, prefix: string, token: string | undefined): Promise<ListPage> {
    return new Promise((resolve, reject) => this.pageCalls.push({ args: [level, prefix, token], level, prefix, token, resolve, reject }));
  }

  lastPage(): Call<ListPage> & { prefix: string; token: string | undefined } {
    const call = this.pageCalls[this.pageCalls.length - 1];
    assert.ok(call, 'no page was requested');
    return call;
  }
}

const root: RootRef = { chainName: 'prod', stepIndex: 1 };
const bucket: ContainerRef = { ...root, bucket: 'bucket1', prefix: '' };
const folder: ContainerRef = { ...bucket, prefix: 'logs/' };

function objects(...keys: string[]): ListPage['objects'] {
  return keys.map((key) => ({ key, size: key.length }));
}

function names(entries: readonly unknown[]): string[] {
  return entries.map((e) => {
    const entry = e as { kind: string; name?: string; prefix?: string; object?: { key: string }; message?: string };
    return entry.kind === 'bucket' ? `bucket:${entry.name}` : entry.kind === 'prefix' ? `prefix:${entry.prefix}` : entry.kind === 'object' ? `object:${entry.object?.key}` : `denied:${entry.message}`;
  });
}

function setUp(): { model: ListingModel; source: FakeSource; warnings: string[]; changes: Array<Level | undefined> } {
  const source = new FakeSource();
  const warnings: string[] = [];
  const model = new ListingModel(source, (m) => warnings.push(m));
  const changes: Array<Level | undefined> = [];
  model.onDidChange((level) => changes.push(level));
  return { model, source, warnings, changes };
}

/** Lists a container's first page with the given answer and waits for it. */
async function listed(model: ListingModel, source: FakeSource, ref: ContainerRef, page: ListPage): Promise<void> {
  model.contents(ref);
  source.lastPage().resolve(page);
  await model.pending(ref);
}

describe('S3 listing model', () => {
  it('lists a level once: loading, then folders first and objects, each by key, and names the level that changed', async () => {
    const { model, source, changes } = setUp();
    const loading = model.contents(bucket);
    assert.equal(loading.status, 'loading');
    assert.equal(model.contents(bucket).status, 'loading');
    assert.equal(source.pageCalls.length, 1, 'a second look while loading asks S3 nothing more');
    assert.deepEqual(source.lastPage().args, [bucket, '', undefined]);
    source.lastPage().resolve({ prefixes: ['z/', 'a/'], objects: objects('m.txt', 'b.txt') });
    await model.pending(bucket);
    const ready = model.contents(bucket);
    assert.equal(ready.status, 'ready');
    assert.deepEqual(names(ready.entries), ['prefix:a/', 'prefix:z/', 'object:b.txt', 'object:m.txt']);
    assert.equal(ready.hasMore, false);
    assert.equal(model.pending(bucket), undefined);
    assert.deepEqual(changes, [bucket]);
  });

  it('pages with Load more: keeps the entries it had (the same objects), adds the next page in order, one fetch at a time', async () => {
    const { model, source, changes } = setUp();
    await listed(model, source, bucket, { prefixes: ['b/'], objects: objects('c.txt'), nextToken: 't1' });
    const first = model.contents(bucket).entries;
    assert.equal(model.contents(bucket).hasMore, true);

    const more = model.loadMore(bucket);
    assert.equal(model.loadMore(bucket), more, 'a second click while loading waits for the same page');
    assert.equal(source.pageCalls.length, 2);
    assert.deepEqual(source.lastPage().args, [bucket, '', 't1']);
    assert.equal(model.contents(bucket).loadingMore, true);
    source.lastPage().resolve({ prefixes: ['a/'], objects: objects('a.txt'), nextToken: 't2' });
    await more;

    const state = model.contents(bucket);
    assert.equal(state.loadingMore, false);
    assert.deepEqual(names(state.entries), ['prefix:a/', 'prefix:b/', 'object:a.txt', 'object:c.txt']);
    for (const entry of first) assert.ok(state.entries.includes(entry), 'an entry already shown keeps its identity');
    assert.equal(state.hasMore, true);

    const last = model.loadMore(bucket);
    assert.equal(source.lastPage().token, 't2');
    source.lastPage().resolve({ prefixes: [], objects: objects('d.txt') });
    await last;
    assert.equal(model.contents(bucket).hasMore, false);
    assert.equal(model.contents(bucket).entries.length, 5);
    await model.loadMore(bucket);
    assert.equal(source.pageCalls.length, 3, 'nothing more to fetch after the last page');
    assert.deepEqual(changes, [bucket, bucket, bucket, bucket, bucket]);
  });

  it('shows a failed next page on the level, keeps what was listed, and lets it be tried again', async () => {
    const { model, source, warnings } = setUp();
    await listed(model, source, bucket, { prefixes: [], objects: objects('a.txt'), nextToken: 't1' });
    const more = model.loadMore(bucket);
    source.lastPage().reject(Object.assign(new Error('We encountered an internal error.'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } }));
    await more;
    const failed = model.contents(bucket);
    assert.ok(failed.moreError?.includes('internal error'), failed.moreError);
    assert.deepEqual(names(failed.entries), ['object:a.txt']);
    assert.equal(failed.hasMore, true);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /^S3: could not list more of bucket1\/: /);

    const again = model.loadMore(bucket);
    assert.equal(model.contents(bucket).moreError, undefined, 'trying again clears the old failure');
    assert.equal(source.lastPage().token, 't1');
    source.lastPage().resolve({ prefixes: [], objects: objects('b.txt') });
    await again;
    assert.deepEqual(names(model.contents(bucket).entries), ['object:a.txt', 'object:b.txt']);
  });

  it('turns a failed first page into the level’s error, and a refresh lists it again', async () => {
    const { model, source, warnings, changes } = setUp();
    model.contents(bucket);
    source.lastPage().reject(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    await model.pending(bucket);
    const failed = model.contents(bucket);
    assert.equal(failed.status, 'error');
    assert.match(failed.error ?? '', /AccessDenied/);
    assert.deepEqual(failed.entries, []);
    assert.equal(source.pageCalls.length, 1, 'an error is shown, not retried by itself');
    assert.deepEqual(warnings, [`S3: ${failed.error}`]);

    model.refresh(bucket);
    assert.deepEqual(changes, [bucket, bucket]);
    assert.equal(model.contents(bucket).status, 'loading');
    source.lastPage().resolve({ prefixes: [], objects: objects('ok.txt') });
    await model.pending(bucket);
    assert.equal(model.contents(bucket).status, 'ready');
  });

  it('filters a level by key prefix: lists again with the filter, drops the listings below, keeps the level’s own entry', async () => {
    const { model, source, changes } = setUp();
    await listed(model, source, bucket, { prefixes: ['logs/'], objects: [] });
    const logsEntry = model.container(folder);
    assert.equal(logsEntry?.kind, 'prefix');
    await listed(model, source, folder, { prefixes: [], objects: objects('logs/1') });
    changes.length = 0;

    model.setFilter(folder, '2025-');
    assert.equal(model.filterOf(folder), '2025-');
    assert.equal(model.filterOf(bucket), undefined);
    assert.deepEqual(changes, [folder]);
    assert.equal(model.container(folder), logsEntry, 'the filtered folder is still the row its parent listed');
    assert.equal(model.contents(folder).status, 'loading');
    assert.deepEqual(source.lastPage().args, [folder, 'logs/2025-', undefined]);
    source.lastPage().resolve({ prefixes: [], objects: [] });
    await model.pending(folder);
    assert.equal(model.contents(folder).status, 'ready');
    assert.equal(model.contents(bucket).status, 'ready', 'the parent is not listed again');

    model.setFilter(folder, '');
    assert.equal(model.filterOf(folder), undefined);
    model.contents(folder);
    assert.equal(source.lastPage().prefix, 'logs/');
  });

  it('refreshes a level and everything below it, nothing beside it; a full refresh forgets every level', async () => {
    const { model, source, changes } = setUp();
    await listed(model, source, bucket, { prefixes: ['logs/', 'www/'], objects: [] });
    const www: ContainerRef = { ...bucket, prefix: 'www/' };
    await listed(model, source, folder, { prefixes: ['logs/a/'], objects: [] });
    await listed(model, source, www, { prefixes: [], objects: objects('www/index.html') });
    const before = source.pageCalls.length;
    changes.length = 0;

    model.refresh(folder);
    assert.deepEqual(changes, [folder]);
    assert.equal(model.container({ ...bucket, prefix: 'logs/a/' }), undefined, 'what the folder listed is forgotten');
    assert.equal(model.contents(www).status, 'ready', 'a sibling keeps its listing');
    assert.equal(source.pageCalls.length, before);
    assert.equal(model.contents(folder).status, 'loading');
    assert.equal(source.pageCalls.length, before + 1);

    model.refresh();
    assert.deepEqual(changes, [folder, undefined]);
    assert.equal(model.container(folder), undefined);
    assert.equal(model.contents(www).status, 'loading');
  });

  it('ignores an answer for a level that was refreshed meanwhile (a stale page never shows)', async () => {
    const { model, source, changes } = setUp();
    model.contents(bucket);
    const stale = source.lastPage();
    model.refresh(bucket);
    model.contents(bucket);
    const fresh = source.lastPage();
    assert.notEqual(stale, fresh);
    stale.resolve({ prefixes: [], objects: objects('old.txt') });
    await new Promise((r) => setImmediate(r));
    assert.equal(model.contents(bucket).status, 'loading');
    fresh.resolve({ prefixes: [], objects: objects('new.txt') });
    await model.pending(bucket);
    assert.deepEqual(names(model.contents(bucket).entries), ['object:new.txt']);
    assert.deepEqual(changes, [bucket, bucket], 'one change for the refresh, one for the fresh answer');
  });

  it('merges listed, pinned and added buckets by name, and puts a denied listing first', async () => {
    const { model, source } = setUp();
    model.buckets(root);
    assert.deepEqual(source.bucketCalls[0]?.args, [root]);
    source.bucketCalls[0]?.resolve({
      listed: { denied: false, buckets: [{ name: 'zeta' }, { name: 'alpha' }] },
      pinned: ['zeta', 'pinned-only'],
      added: ['alpha', 'added-only'],
    });
    await model.pending(root);
    const state = model.buckets(root);
    assert.deepEqual(names(state.entries), ['bucket:added-only', 'bucket:alpha', 'bucket:pinned-only', 'bucket:zeta']);
    const sources = Object.fromEntries(state.entries.map((e) => (e.kind === 'bucket' ? [e.name, e.source] : ['', ''])));
    assert.deepEqual(sources, { 'added-only': 'added', alpha: 'listed', 'pinned-only': 'pinned', zeta: 'pinned' });
    assert.equal(model.container({ ...root, bucket: 'zeta', prefix: '' }), state.entries[3]);

    const other: RootRef = { chainName: 'prod', stepIndex: 0 };
    model.buckets(other);
    source.bucketCalls[1]?.resolve({ listed: { denied: true, message: 'not allowed' }, pinned: [], added: ['mine'] });
    await model.pending(other);
    assert.deepEqual(names(model.buckets(other).entries), ['denied:not allowed', 'bucket:mine']);
  });

  it('starts a root over when its session changes, and keeps it for the same session', async () => {
    const { model, source } = setUp();
    model.bindSession(root, 1000);
    await listed(model, source, bucket, { prefixes: [], objects: objects('a') });
    model.bindSession(root, 1000);
    assert.equal(model.contents(bucket).status, 'ready');
    model.bindSession(root, 2000);
    assert.equal(model.contents(bucket).status, 'loading', 'a new run lists again');
    model.bindSession(root, undefined);
    assert.equal(model.contents(bucket).status, 'loading', 'a sign-out discarded the listing');
  });

  it('shows a chain’s final step, then its browsed steps in order; forgets them on sign-out and hides them once expired', () => {
    const { model, changes } = setUp();
    const refs = () => model.rootsOf('prod', 3, 'signedIn').map((r) => `${r.ref.stepIndex}:${r.isFinal}`);
    assert.deepEqual(refs(), ['2:true']);
    model.browse({ chainName: 'prod', stepIndex: 1 }, 3);
    model.browse({ chainName: 'prod', stepIndex: 0 }, 3);
    model.browse({ chainName: 'prod', stepIndex: 2 }, 3);
    model.browse({ chainName: 'prod', stepIndex: 1 }, undefined);
    assert.deepEqual(refs(), ['2:true', '0:false', '1:false'], 'the final step is not added twice');
    assert.deepEqual(changes, [undefined, undefined, undefined, undefined]);
    assert.deepEqual(
      model.rootsOf('prod', 3, 'expired').map((r) => r.ref.stepIndex),
      [2],
    );
    assert.deepEqual(model.rootsOf('prod', undefined, 'signedIn'), []);
    assert.equal(model.close({ chainName: 'prod', stepIndex: 0 }), true);
    assert.equal(model.close({ chainName: 'prod', stepIndex: 0 }), false);
    assert.equal(model.close({ chainName: 'prod', stepIndex: 2 }), false, 'the final step cannot be closed');
    assert.deepEqual(refs(), ['2:true', '1:false']);
    assert.deepEqual(model.rootsOf('prod', 3, 'signedOut'), []);
    assert.deepEqual(refs(), ['2:true'], 'a sign-out forgot the browsed step');
  });

  it('after a write refreshes the nearest listed level: the folder, else an ancestor, else the root', async () => {
    const { model, source, changes } = setUp();
    model.buckets(root);
    source.bucketCalls[0]?.resolve({ listed: { denied: false, buckets: [{ name: 'bucket1' }] }, pinned: [], added: [] });
    await model.pending(root);
    changes.length = 0;
    model.refreshAround({ ...bucket, prefix: 'new/deep/' });
    assert.deepEqual(changes, [root], 'no folder listed: the root');

    model.buckets(root);
    source.bucketCalls[1]?.resolve({ listed: { denied: false, buckets: [{ name: 'bucket1' }] }, pinned: [], added: [] });
    await model.pending(root);
    await listed(model, source, bucket, { prefixes: [], objects: [] });
    changes.length = 0;
    model.refreshAround({ ...bucket, prefix: 'new/deep/' });
    assert.deepEqual(changes, [bucket], 'the bucket is the nearest listed level');

    await listed(model, source, bucket, { prefixes: ['new/'], objects: [] });
    await listed(model, source, { ...bucket, prefix: 'new/' }, { prefixes: [], objects: [] });
    changes.length = 0;
    model.refreshAround({ ...bucket, prefix: 'new/deep/' });
    assert.deepEqual(changes, [{ ...bucket, prefix: 'new/' }]);
  });
});
