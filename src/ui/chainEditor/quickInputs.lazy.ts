// Loaded on the wizard's first question (see ../shared/dialogs.ts): the QuickInput pages of Add and Edit Chain.
export { quickInputWizardUi } from './wizardUi';
