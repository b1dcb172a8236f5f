// Loaded when the S3 view first asks for rows or an S3 command first runs (see ./lazyTree.ts): the S3 sessions,
// the listing model and the rows. Everything stateful comes in through `deps`; what is built here lives for the window.
import { S3Sessions, type S3SessionsDeps } from './s3Sessions';
import { S3TreeProvider, type S3TreeDeps } from './s3Tree';

export interface S3TreeParts {
  sessions: S3Sessions;
  tree: S3TreeProvider;
}

export function s3Tree(deps: S3SessionsDeps & Omit<S3TreeDeps, 'sessions'>): S3TreeParts {
  const sessions = new S3Sessions(deps);
  return { sessions, tree: new S3TreeProvider({ ...deps, sessions }) };
}
