// The authorization matrix as data — framework and conventions.
//
// HOW IT FITS TOGETHER
// - One file per domain: test/authz/matrix-<domain>.ts, where <domain> is the name of a wiring part
//   in api/wiring/ (users-teams, configs-campaigns, credentials, sync). Each exports arrays of rows.
// - Rows in THIS format (MatrixCase below: `field`, `self`, `expect`, `run`) are run by
//   test/authz/run-matrix.ts, called by one test file per domain, test/authz/matrix.<domain>.test.ts
//   (so the domains run in parallel workers; coverage.test.ts fails while a domain file has no runner
//   file — adding both is all it takes). Each case gets a fresh team (seedTeam) and, for every
//   relation, the caller it names; an allowed cell must succeed (plus the row's `allowed` check), a denied cell must fail
//   with the expected errorType (Unauthorized unless the row says otherwise; HTTP 401 for noToken and
//   expiredToken) with the field null and every item of the world's users unchanged (snapshotFor:
//   their rows, teams, configs, credentials and campaigns, read by key).
// - Rows in the older per-domain format (`field` + `allowed: ('self'|'admin'|'member'|'stranger'|
//   'none')[]`, see matrix-configs-campaigns.ts) keep their own runners; they count for coverage as
//   classifying self, teamOwner (the data owner is the team's owner), teamAdmin, teamMember, stranger
//   and noToken.
// - test/authz/tokens.test.ts classifies noToken, expiredToken and iam for every Query and Mutation
//   field straight from schema.graphql (fields carrying @aws_iam are IAM-allowed, all others denied).
// - test/authz/coverage.test.ts checks that every Query/Mutation/Subscription field has every relation
//   classified. Fields of users-teams must always be complete. Fields of another domain are reported
//   as pending (a todo) while test/authz/matrix-<domain>.ts does not exist; once every domain named in
//   api/wiring/index.ts has its file, any unclassified field fails the test.
//
// RELATIONS (who the caller is, relative to the data or the team):
//   self         the user the operation is "about" (row.self names which person of the world that is:
//                the team owner for team/owner-data operations, the invitee for invitations, the
//                target member for operations on a member, …)
//   teamOwner    OWNER of the team      teamAdmin  an ADMIN of it      teamMember  a MEMBER of it
//   stranger     a signed-in user with no relation to the team
//   noToken      no Authorization header (HTTP 401)
//   expiredToken a validly signed but expired access token (HTTP 401)
//   iam          SigV4-signed with the backend's IAM credentials (only @aws_iam fields allow it)
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { docClient, table, type GqlResult, type TestUser } from '../support/stack.js';

export const RELATIONS = ['self', 'teamOwner', 'teamAdmin', 'teamMember', 'stranger', 'noToken', 'expiredToken', 'iam'] as const;
export type Relation = (typeof RELATIONS)[number];

/** 'allow', 'deny' (Unauthorized; 401 for token relations) or a denial with another errorType. */
export type Expectation = 'allow' | 'deny' | { deny: string };

/** The people of a matrix world: one team with an owner, two admins, two members, an invitee and a stranger. */
export interface TeamPeople {
  owner: TestUser;
  admin: TestUser;
  /** A second ADMIN: the target of operations on an admin. */
  admin2: TestUser;
  member: TestUser;
  /** A second MEMBER: the target of operations on a member. */
  target: TestUser;
  /** Has a pending MEMBER invitation to the team, not a member. */
  invitee: TestUser;
  stranger: TestUser;
}
export type Person = keyof TeamPeople;

export interface TeamWorld extends TeamPeople {
  teamId: string;
  teamName: string;
}

export type Caller = TestUser | null | 'iam' | { token: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Data = Record<string, any>;

export interface MatrixCase {
  /** The schema field (Query/Mutation/Subscription) the case exercises. */
  field: string;
  /** A label; several cases may share a field (variants such as "remove an ADMIN"). */
  operation: string;
  /** Which person of the world is "self" for this operation. */
  self: Person;
  expect: Record<Relation, Expectation>;
  /** Runs the operation as `caller` (`actor` is the TestUser behind it, or null for noToken/iam). */
  run(world: TeamWorld, caller: Caller, actor: TestUser | null): Promise<GqlResult<Data>>;
  /** Checks the effect of an allowed call (stored rows, answer). */
  allowed?(world: TeamWorld, actor: TestUser, data: Data): Promise<void> | void;
}

/**
 * Builds a full expectation record: the listed relations are allowed, `denyAs` gives denials with a
 * specific errorType, every other relation is denied (Unauthorized, or 401 for token relations).
 */
export function cells(allow: Relation[], denyAs: Partial<Record<Relation, string>> = {}): Record<Relation, Expectation> {
  return Object.fromEntries(
    RELATIONS.map((r) => [r, allow.includes(r) ? 'allow' : denyAs[r] ? { deny: denyAs[r] } : 'deny']),
  ) as Record<Relation, Expectation>;
}

export const USERS: Relation[] = ['self', 'teamOwner', 'teamAdmin', 'teamMember', 'stranger'];

/** Who plays a relation in a case. */
export function personFor(relation: Relation, row: MatrixCase): Person | null {
  switch (relation) {
    case 'self':
      return row.self;
    case 'teamOwner':
      return 'owner';
    case 'teamAdmin':
      return 'admin';
    case 'teamMember':
      return 'member';
    case 'stranger':
      return 'stranger';
    case 'expiredToken':
      return row.self;
    default:
      return null;
  }
}

/** A fresh team for `people`, written straight to the table in the shape the resolvers write. */
export async function seedTeam(people: TeamPeople): Promise<TeamWorld> {
  const teamId = randomUUID();
  const teamName = `Matrix ${teamId.slice(0, 8)}`;
  const now = new Date().toISOString();
  const ownerId = people.owner.sub;
  const member = (u: TestUser, role: string, invitedBy?: string) => ({
    teamId, userId: u.sub, role, joinedAt: now, email: u.email.toLowerCase(), teamName, ownerId, ...(invitedBy ? { invitedBy } : {}),
  });
  const items = [
    { teamId, userId: '#META', teamName, ownerId, createdAt: now, updatedAt: now, rev: 0 },
    member(people.owner, 'owner'),
    member(people.admin, 'admin', ownerId),
    member(people.admin2, 'admin', ownerId),
    member(people.member, 'member', ownerId),
    member(people.target, 'member', ownerId),
    {
      teamId, userId: `INVITE#${people.invitee.email.toLowerCase()}`, email: people.invitee.email.toLowerCase(), role: 'member',
      invitedBy: ownerId, invitedAt: now, teamName, ownerId,
    },
  ];
  await docClient().send(new BatchWriteCommand({ RequestItems: { [table('teams')]: items.map((Item) => ({ PutRequest: { Item } })) } }));
  return { ...people, teamId, teamName };
}
