// Checked by `npm run typecheck`, not run: each @ts-expect-error line must fail to compile, so the
// generated operation types really reject wrong variables and wrong result fields.
import { SiveraClient, CampaignsDocument, CreateTeamDocument, MeDocument } from '../../client/index.js';

export async function typedOperations(client: SiveraClient): Promise<void> {
  const me = await client.query(MeDocument);
  const email: string = me.me.email;
  // @ts-expect-error — User has no field `password`
  void me.me.password;

  // @ts-expect-error — teamName must be a string
  await client.mutate(CreateTeamDocument, { teamName: 42 });
  // @ts-expect-error — `name` is not an argument of createTeam
  await client.mutate(CreateTeamDocument, { name: 'x' });

  // @ts-expect-error — platform is an enum, not any string
  await client.query(CampaignsDocument, { platform: 'TWITTER' });
  const page = await client.query(CampaignsDocument, { platform: 'NAVER', limit: 10 });
  const next: string | null | undefined = page.campaigns.nextToken;
  void [email, next];
}
