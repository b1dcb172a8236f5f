// Number formatting shared by the console table, results.md and the cases' notes.
import type { Unit } from './stats';

export function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value >= 100 ? 0 : 1)} ms`;
    case 'MiB':
      return `${value.toFixed(1)} MiB`;
    case 'KiB':
      return `${value.toFixed(1)} KiB`;
    case 'count':
      return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1);
  }
}

export const ms = (value: number): string => formatValue(value, 'ms');
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
/** A file size as people say it: whole GiB from 1 GiB up (the 1 GiB upload), MiB below. */
export const fileSize = (bytes: number): string => (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0 ? `${bytes / 1024 ** 3} GiB` : mib(bytes));
export const mbs = (value: number): string => `${value.toFixed(0)} MB/s`;
