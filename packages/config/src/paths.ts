import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root, worked out once here (this file sits at packages/config/src); other code resolves its
 * files from these constants instead of counting `../` from wherever it happens to live.
 */
// Not `new URL('…', import.meta.url)`: bundlers read that as an asset to include. Next's server bundle leaves
// import.meta.dirname undefined but keeps import.meta.url pointing at this source file.
const here = import.meta.dirname ?? path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..', '..');

export const PATHS = {
  root: REPO_ROOT,
  migrations: path.join(REPO_ROOT, 'prisma', 'migrations'),
  models: path.join(REPO_ROOT, 'models'),
  /** Evaluation data shared between machines; SHARED_DATA_DIR overrides the checkout's sibling `shared/data`. */
  sharedData: process.env.SHARED_DATA_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'data'),
} as const;
