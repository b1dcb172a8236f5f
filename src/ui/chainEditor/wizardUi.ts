import * as vscode from 'vscode';

/** What one wizard page asks; `id` names the question (`name`, `step2.roleArn`, `region`…) so tests can answer it. */
interface QuestionBase {
  id: string;
  title: string;
  /** 1-based position and the current estimate of the total, shown as "k/n". */
  step: number;
  totalSteps: number;
  /** The prefilled value (input) or the id of the item to start on (pick). */
  value?: string;
  placeholder?: string;
  canGoBack: boolean;
}

export interface InputQuestion extends QuestionBase {
  kind: 'input';
  prompt: string;
  /** The core validator for this field: the message to show, or undefined when the value is acceptable. */
  validate(value: string): string | undefined;
}

export interface PickItem {
  id: string;
  label: string;
  description?: string;
  detail?: string;
}

export interface PickQuestion extends QuestionBase {
  kind: 'pick';
  items: PickItem[];
}

export type Question = InputQuestion | PickQuestion;

/** The value typed or the id picked; `{ back: true }` for the Back button; undefined when the wizard was dismissed. */
export type Answer = { value: string } | { back: true } | undefined;

/** How the wizard asks. VS Code's QuickInput in the product; scripted answers in the integration tests. */
export interface WizardUi {
  ask(question: Question): Promise<Answer>;
}

/** One QuickInput per question, with "k/n", a Back button after the first page and validation as you type. */
export const quickInputWizardUi: WizardUi = {
  ask: (q) => (q.kind === 'input' ? askInput(q) : askPick(q)),
};

function settle<T extends vscode.QuickInput>(input: T, wire: (done: (a: Answer) => void) => vscode.Disposable[]): Promise<Answer> {
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const disposables: vscode.Disposable[] = [];
    const done = (a: Answer): void => {
      if (settled) return;
      settled = true;
      for (const d of disposables) d.dispose();
      input.dispose();
      resolve(a);
    };
    disposables.push(
      ...wire(done),
      input.onDidHide(() => done(undefined)),
    );
    input.show();
  });
}

function common(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, q: Question): void {
  input.title = q.title;
  input.step = q.step;
  input.totalSteps = Math.max(q.step, q.totalSteps);
  // Copying an ARN from a browser must not close the wizard.
  input.ignoreFocusOut = true;
  input.buttons = q.canGoBack ? [vscode.QuickInputButtons.Back] : [];
}

function askInput(q: InputQuestion): Promise<Answer> {
  const box = vscode.window.createInputBox();
  common(box, q);
  box.prompt = q.prompt;
  box.value = q.value ?? '';
  box.placeholder = q.placeholder;
  box.validationMessage = q.value ? q.validate(q.value) : undefined;
  return settle(box, (done) => [
    box.onDidChangeValue((v) => (box.validationMessage = q.validate(v))),
    box.onDidAccept(() => {
      const message = q.validate(box.value);
      box.validationMessage = message;
      if (message === undefined) done({ value: box.value });
    }),
    box.onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) done({ back: true });
    }),
  ]);
}

function askPick(q: PickQuestion): Promise<Answer> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { id: string }>();
  common(pick, q);
  pick.placeholder = q.placeholder;
  pick.matchOnDescription = true;
  pick.items = q.items.map((i) => ({ id: i.id, label: i.label, description: i.description, detail: i.detail }));
  const active = pick.items.find((i) => i.id === q.value);
  if (active) pick.activeItems = [active];
  return settle(pick, (done) => [
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      if (chosen) done({ value: chosen.id });
    }),
    pick.onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) done({ back: true });
    }),
  ]);
}
