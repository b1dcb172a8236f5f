// How S3 rows and messages write sizes, dates and object kinds.

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `0 B`, `812 B`, `1.5 KB`, `23 MB` (binary multiples, as file managers show them). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** `2025-03-04 17:05` in local time: short enough for a row's description. */
export function formatDate(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** English only, for the log: messages give each count's forms to vscode.l10n.t (see count). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

/** `1,234`: how a count is written inside a message, so tests and logs read the same in every locale. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

const KINDS: Array<[RegExp, string]> = [
  [/\.(png|jpe?g|gif|webp|svg|bmp|ico|tiff?|heic|mp4|mov|webm|mkv|avi|mp3|wav|flac|ogg)$/i, 'file-media'],
  [/\.(zip|gz|tgz|bz2|xz|zst|7z|rar|tar|jar|war)$/i, 'file-zip'],
  [/\.pdf$/i, 'file-pdf'],
  [/\.(exe|dll|so|dylib|bin|class|o|a|wasm|parquet|avro|orc)$/i, 'file-binary'],
  [/\.(ts|tsx|js|jsx|mjs|cjs|py|rb|go|rs|java|kt|c|h|cpp|hpp|cs|php|sh|ps1|sql|html?|css|scss|json|ya?ml|toml|xml|tf|ini|cfg)$/i, 'file-code'],
];

/** A codicon id for an object, by its name: media, archive, PDF, binary, code, or a plain file. */
export function objectIconId(key: string): string {
  for (const [pattern, icon] of KINDS) if (pattern.test(key)) return icon;
  return 'file';
}
