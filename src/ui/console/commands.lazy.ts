// Loaded on the first Open AWS Console (see ../shared/lazyCommands.ts).
export { registerOpenConsole } from './openConsole';
