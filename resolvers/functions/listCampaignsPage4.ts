// Step 4 of filling a campaigns page (see lib/campaign-page.ts).
export { pageStepRequest as request, pageStepResponse as response } from '../lib/campaign-page';
