// Step 3 of platformAccounts: one platform's partition (see lib/platform-accounts.ts).
export { accountsStepRequest as request, accountsStepResponse as response } from '../lib/platform-accounts';
