import * as vscode from 'vscode';
import { redact } from '../../core/redact';

/** Something that knows secret values currently alive in this window (sessions, recent prompt answers). */
export type SecretSource = () => Iterable<string>;

/**
 * The extension's one log. Every line goes through `redact` with every secret the window currently knows, so call
 * sites never have to think about masking: pass errors and messages as they are.
 */
export class Log implements vscode.Disposable {
  private made: vscode.LogOutputChannel | undefined;
  private readonly sources: SecretSource[] = [];

  constructor(channel?: vscode.LogOutputChannel) {
    this.made = channel;
  }

  /** Made on the first line (or Show Log), not at activation: creating a channel costs start-up time. */
  private get channel(): vscode.LogOutputChannel {
    return (this.made ??= vscode.window.createOutputChannel('AWS Role Chains', { log: true }));
  }

  addSecretSource(source: SecretSource): vscode.Disposable {
    this.sources.push(source);
    return new vscode.Disposable(() => {
      const i = this.sources.indexOf(source);
      if (i >= 0) this.sources.splice(i, 1);
    });
  }

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  /** Logs the message and, when given, the full error: stack, AWS fields and the chain of causes. */
  error(message: string, error?: unknown): void {
    const detail = error === undefined ? '' : `\n${describeError(error)}`;
    this.channel.error(this.clean(message + detail));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.made?.dispose();
  }

  private clean(text: string): string {
    const known: string[] = [];
    for (const source of this.sources) for (const s of source()) known.push(s);
    return redact(text, known);
  }
}

const FIELDS = ['kind', 'chainName', 'stepIndex', 'stepCount', 'roleArn', 'awsCode', 'hint'] as const;

/** Full description of an error for the log; depth-limited so a cyclic `cause` cannot loop. */
function describeError(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const record = error as unknown as Record<string, unknown>;
  const fields = FIELDS.filter((f) => record[f] !== undefined).map((f) => `${f}=${String(record[f])}`);
  let text = error.stack ?? `${error.name}: ${error.message}`;
  if (fields.length > 0) text += `\n  (${fields.join(', ')})`;
  if (error.cause !== undefined && depth < 4) text += `\nCaused by: ${describeError(error.cause, depth + 1)}`;
  return text;
}
