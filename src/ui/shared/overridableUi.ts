/**
 * A feature's UI in use: the editor's own, with any methods the extension-host tests replaced (they cannot click
 * modal dialogs or QuickInputs from inside the extension host, so they answer through an override).
 */
export class OverridableUi<Ui extends object> {
  private current: Ui;

  constructor(private readonly editorUi: Ui) {
    this.current = editorUi;
  }

  get ui(): Ui {
    return this.current;
  }

  /** Replaces the given methods; undefined restores the editor's UI. */
  setOverride(partial: Partial<Ui> | undefined): void {
    this.current = partial ? { ...this.editorUi, ...partial } : this.editorUi;
  }
}
