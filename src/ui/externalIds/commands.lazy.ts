// Loaded on the first Forget Remembered ExternalIds (see ../shared/lazyCommands.ts).
export { registerForgetExternalIds } from './forgetExternalIds';
