// One step of platformAccounts: one platform's partition (helpers/platform-accounts.ts); deployed once
// per step as listPlatformAccounts1..N (`steps` in ../wiring.ts).
export { accountsStepRequest as request, accountsStepResponse as response } from '../helpers/platform-accounts';
