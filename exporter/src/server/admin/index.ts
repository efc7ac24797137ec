/** The admin API: see README.md for routes, status codes and bodies. */
export { createAdminRouter, type AdminRouterDeps, type TargetStatus } from './router.js';
export { parseAccountBody, type AccountInput } from './account-body.js';
export { editAccountsText, type AccountEdit, type EditAccountsTextResult } from './yaml-accounts.js';
export { writeFileAtomic, type WriteFileAtomicOptions } from './atomic-write.js';
export { createFailureLimiter, tokensEqual, type FailureLimiter } from './auth.js';
