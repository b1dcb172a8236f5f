// Loaded on the first run that succeeded with a typed ExternalId (see ./index.ts).
export { offerToRemember } from './rememberOffer';
