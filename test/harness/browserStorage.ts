// Reads everything the workbench keeps in the browser — every IndexedDB database (VS Code's globalState and
// workspaceState live there in the web build) and localStorage (where code-server keeps SecretStorage, encrypted)
// — so the harness can check where secrets did and did not end up.
import type { Page } from 'playwright-core';

export interface StorageDump {
  /** One entry per IndexedDB object store: `indexedDB <db>/<store>` → its keys and values as text. */
  indexedDb: Array<{ where: string; text: string }>;
  /** localStorage key → value. */
  localStorage: Record<string, string>;
}

/** Runs in the page. Plain JavaScript in a string, because this project compiles without the DOM typings. */
const DUMP_SCRIPT = `(async () => {
  const decoder = new TextDecoder();
  const toText = (v) => JSON.stringify(v, (_k, x) =>
    x instanceof Uint8Array ? decoder.decode(x) : x instanceof ArrayBuffer ? decoder.decode(new Uint8Array(x)) : x) || '';
  const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const indexedDb = [];
  for (const info of await indexedDB.databases()) {
    if (!info.name) continue;
    const db = await request(indexedDB.open(info.name));
    try {
      for (const store of Array.from(db.objectStoreNames)) {
        const os = db.transaction(store, 'readonly').objectStore(store);
        const [keys, values] = await Promise.all([request(os.getAllKeys()), request(os.getAll())]);
        indexedDb.push({ where: 'indexedDB ' + info.name + '/' + store, text: toText(keys) + '\\n' + toText(values) });
      }
    } finally {
      db.close();
    }
  }
  const local = {};
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key !== null) local[key] = localStorage.getItem(key) || '';
  }
  return { indexedDb, localStorage: local };
})()`;

export async function dumpBrowserStorage(page: Page): Promise<StorageDump> {
  return (await page.evaluate(DUMP_SCRIPT)) as StorageDump;
}
