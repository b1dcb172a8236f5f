import type { ChainsViews, Services } from '../services';
import { registerLazily } from '../shared/lazyCommands';

const COMMANDS = ['roleChains.chainEditor.add', 'roleChains.chainEditor.edit', 'roleChains.chainEditor.delete'];

/** Add, Edit and Delete Chain (`roleChains.chainEditor.*`): the wizard and the settings it writes, loaded on first use. */
export function registerChainEditor(s: Services, chains: ChainsViews): void {
  registerLazily(s, COMMANDS, () => import('./commands.lazy'), (m) => m.registerChainEditorCommands({ ...s, ...chains }));
}
