import path from 'node:path';

/**
 * The repository's root, worked out once here (this file sits at packages/config/src); other code resolves its
 * files from these constants instead of counting `../` from wherever it happens to live.
 */
// import.meta.dirname, not `new URL(…, import.meta.url)`: bundlers read the latter as an asset to include.
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export const PATHS = {
  root: REPO_ROOT,
  migrations: path.join(REPO_ROOT, 'prisma', 'migrations'),
  models: path.join(REPO_ROOT, 'models'),
  /** Evaluation data shared between machines; SHARED_DATA_DIR overrides the checkout's sibling `shared/data`. */
  sharedData: process.env.SHARED_DATA_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'data'),
} as const;
