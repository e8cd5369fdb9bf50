// One step of filling a campaigns page (helpers/campaign-page.ts); deployed once per step as
// listCampaignsPage1..N (`steps` in ../wiring.ts).
export { pageStepRequest as request, pageStepResponse as response } from '../helpers/campaign-page';
