// Loaded on the first click on the status bar item (see ../shared/lazyCommands.ts).
export { registerSessionMenu } from './sessionMenu';
