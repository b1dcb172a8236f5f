// The person at the S3 feature's dialogs, for the extension-host tests: scripted answers in, every question and
// notice recorded. The tests cannot click modal dialogs or QuickInputs from inside the extension host.
import * as vscode from 'vscode';
import type { OverwriteDecision } from '../../src/core/aws';
import type { EditConflictChoice, EditConflictReason, S3Ui } from '../../src/ui/s3/s3Ui';

type Progress = { title?: string; reports: Array<{ message?: string; increment?: number }> };
type NoticeAnswer = string | undefined | Thenable<string | undefined>;

/** Plays the person at the S3 feature's dialogs: scripted answers in, every question and notice recorded. */
export class ScriptedUi {
  readonly notices: Array<{ kind: string; message: string; actions: string[] }> = [];
  readonly inputs: vscode.InputBoxOptions[] = [];
  readonly rejected: string[] = [];
  readonly picks: Array<{ title?: string; labels: string[] }> = [];
  readonly confirms: string[] = [];
  readonly overwrites: string[] = [];
  readonly conflicts: Array<{ where: string; reason: EditConflictReason }> = [];
  readonly progress: Progress[] = [];
  inputAnswers: string[] = [];
  openAnswers: vscode.Uri[][] = [];
  saveAnswers: vscode.Uri[] = [];
  pickAnswers: string[] = [];
  confirmAnswers: boolean[] = [];
  overwriteAnswers: OverwriteDecision[] = [];
  conflictAnswers: EditConflictChoice[] = [];
  noticeAnswer: (message: string, actions: string[]) => NoticeAnswer = () => undefined;
  /** Presses Cancel on a progress notification when this returns true for a report. */
  cancelWhen: ((p: Progress) => boolean) | undefined;

  api(): Partial<S3Ui> {
    return {
      showOpenDialog: async () => this.openAnswers.shift(),
      showSaveDialog: async () => this.saveAnswers.shift(),
      showInputBox: async (options) => {
        this.inputs.push(options);
        const answer = this.inputAnswers.shift();
        if (answer === undefined) return undefined;
        // The real input box refuses to accept a value its validator rejects: the person gives up (Escape).
        const problem = await options.validateInput?.(answer);
        const message = typeof problem === 'string' ? problem : problem?.message;
        if (message) {
          this.rejected.push(message);
          return undefined;
        }
        return answer;
      },
      showQuickPick: async <T extends vscode.QuickPickItem>(items: readonly T[] | Thenable<readonly T[]>, options: vscode.QuickPickOptions) => {
        const list = await items;
        this.picks.push({ title: options.title, labels: list.map((i) => i.label) });
        const wanted = this.pickAnswers.shift();
        return list.find((i) => i.label === wanted);
      },
      confirm: async (message) => {
        this.confirms.push(message);
        return this.confirmAnswers.shift() ?? false;
      },
      askOverwrite: async (uri) => {
        this.overwrites.push(uri);
        return this.overwriteAnswers.shift() ?? 'cancel';
      },
      askEditConflict: async (where, reason) => {
        this.conflicts.push({ where, reason });
        return this.conflictAnswers.shift() ?? 'cancel';
      },
      notify: async (kind, message, ...actions) => {
        this.notices.push({ kind, message, actions });
        return this.noticeAnswer(message, actions);
      },
      withProgress: <R>(
        options: vscode.ProgressOptions,
        task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>,
      ): Thenable<R> => {
        const record: Progress = { ...(options.title ? { title: options.title } : {}), reports: [] };
        this.progress.push(record);
        const source = new vscode.CancellationTokenSource();
        return task(
          {
            report: (value) => {
              record.reports.push(value);
              if (this.cancelWhen?.(record)) source.cancel();
            },
          },
          source.token,
        );
      },
    };
  }

  lastNotice(): { kind: string; message: string; actions: string[] } | undefined {
    return this.notices[this.notices.length - 1];
  }

  /** Every notice so far, one per line (for assertion messages). */
  said(): string {
    return this.notices.map((n) => `${n.kind}: ${n.message}`).join('\n');
  }
}
