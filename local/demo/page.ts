// The demo page: built only on the typed client (client/), the proof a frontend developer looks at first.
import {
  CampaignsDocument,
  MyTeamsDocument,
  OnSyncStatusChangedDocument,
  PlatformAccountsDocument,
  SiveraClient,
  SiveraError,
  SyncCampaignsDocument,
  SyncStatusDocument,
  configFromOutputs,
  type Platform,
  type PlatformAccountFieldsFragment,
  type TeamFieldsFragment,
} from '../../client/index.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

interface DemoConfig {
  outputs: Record<string, unknown>;
  demoUser?: { email: string; password: string };
}

async function main(): Promise<void> {
  const { outputs, demoUser } = (await (await fetch('./config.json')).json()) as DemoConfig;
  const client = new SiveraClient(configFromOutputs(outputs));
  let selected: PlatformAccountFieldsFragment | null = null;
  let unsubscribe: (() => void) | null = null;
  /** Teams the user belongs to without owning them: a teammate sees (and may sync) their owners' accounts. */
  let teams: TeamFieldsFragment[] = [];
  /** Whose accounts are shown: undefined for the signed-in user's own. */
  let viewOwner: string | undefined;
  /** A sync of the selected account is queued or running: Sync stays disabled (no double-sync Conflict). */
  let syncing = false;
  const viewedTeam = (): TeamFieldsFragment | undefined => teams.find((t) => t.ownerId === viewOwner);
  const updateSyncButton = (): void => {
    const button = $<HTMLButtonElement>('sync-button');
    // A team MEMBER may watch a sync but not start one (api-contract.md, authorization matrix).
    const member = viewedTeam()?.myRole === 'MEMBER';
    button.disabled = !selected || syncing || member;
    button.title = member ? "Members watch syncs; the owner or an admin starts them." : syncing ? 'A sync is running.' : '';
  };

  if (demoUser) {
    $<HTMLInputElement>('email').value = demoUser.email;
    $<HTMLInputElement>('password').value = demoUser.password;
  }
  const showError = (e: unknown): void => {
    $('error').textContent = e instanceof SiveraError ? `${e.errorType}: ${e.message}` : String((e as Error).message ?? e);
  };

  /** Says what the signed-in user is looking at, so a teammate or a new user never faces silent empty tables. */
  function explain(accounts: number): void {
    const note = $('team-note');
    const team = viewedTeam();
    if (team) {
      note.textContent =
        `You are ${team.myRole} of the team “${team.teamName}”: you see its owner's connected accounts (their status only; ` +
        `credentials are never shown to anyone) and the campaigns they sync. ` +
        (team.myRole === 'ADMIN'
          ? 'You can start a sync and watch its progress; connecting or disconnecting accounts is the owner’s.'
          : 'You can watch a sync live, but only the owner or an admin starts one.') +
        (accounts === 0 ? ' The owner has no connected accounts yet.' : '');
    } else if (accounts === 0) {
      note.textContent = teams.length
        ? 'You have no connected accounts of your own: choose a team above to see its owner’s.'
        : 'You have no connected accounts and belong to no team yet. Connect an ad account (connectPlatformAccount, e.g. in GraphiQL at /), ' +
          'or accept a team invitation: a teammate sees the team owner’s accounts and campaigns here.';
    }
    note.hidden = !team && accounts > 0;
  }

  async function loadAccounts(): Promise<void> {
    const { platformAccounts } = await client.query(PlatformAccountsDocument, viewOwner ? { ownerId: viewOwner } : {});
    explain(platformAccounts.length);
    $('accounts-empty').hidden = platformAccounts.length > 0;
    // Keep the selection's fields (Last sync) current after a refresh.
    selected = platformAccounts.find((a) => a.accountId === selected?.accountId && a.platform === selected.platform) ?? selected;
    const body = $('accounts').querySelector('tbody')!;
    body.replaceChildren(
      ...platformAccounts.map((a) => {
        const tr = document.createElement('tr');
        tr.dataset.accountId = a.accountId;
        for (const text of [a.platform, a.accountId, a.displayName ?? '', a.status, a.lastSyncAt ?? '—']) {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
        }
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Select';
        button.addEventListener('click', () => void select(a));
        const td = document.createElement('td');
        td.append(button);
        tr.append(td);
        return tr;
      }),
    );
  }

  const UNKNOWN = '—';
  /** Conversion value per unit of cost; unknown without conversions or without cost. */
  function roas(m: { costMicros: number; conversions?: number | null; conversionValueMicros?: number | null } | null | undefined): string {
    if (!m || m.conversions == null || m.conversionValueMicros == null || !m.costMicros) return UNKNOWN;
    return (m.conversionValueMicros / m.costMicros).toFixed(2);
  }

  async function loadCampaigns(platform: Platform, accountId: string, ownerId: string): Promise<void> {
    const { campaigns } = await client.query(CampaignsDocument, { platform, accountId, ownerId, limit: 50 });
    $('campaigns-empty').hidden = campaigns.items.length > 0;
    const body = $('campaigns').querySelector('tbody')!;
    body.replaceChildren(
      ...campaigns.items.map((c) => {
        const tr = document.createElement('tr');
        const cells: [string, boolean][] = [
          [c.name, false],
          [c.status, false],
          [String(c.metrics?.impressions ?? 0), true],
          [String(c.metrics?.clicks ?? 0), true],
          [((c.metrics?.costMicros ?? 0) / 1e6).toFixed(2), true],
          // Unknown conversions (null: the platform reported none) show as "—", never as 0; so does ROAS then.
          [c.metrics?.conversions == null ? UNKNOWN : String(c.metrics.conversions), true],
          [roas(c.metrics), true],
          [c.currency ?? '', false],
        ];
        for (const [text, num] of cells) {
          const td = document.createElement('td');
          td.textContent = text;
          if (num) td.className = 'num';
          tr.append(td);
        }
        return tr;
      }),
    );
  }

  async function select(account: PlatformAccountFieldsFragment): Promise<void> {
    selected = account;
    $('sync-account').textContent = `${account.platform} ${account.accountId}`;
    syncing = false;
    updateSyncButton();
    unsubscribe?.();
    const user = client.auth.currentUser()!;
    const ready = new Promise<void>((resolve) => {
      unsubscribe = client.subscribe(
        OnSyncStatusChangedDocument,
        { ownerId: account.ownerId || user.userId, platform: account.platform, accountId: account.accountId },
        {
          ready: resolve,
          next: ({ onSyncStatusChanged: s }) => {
            if (!s) return;
            $<HTMLProgressElement>('sync-progress').value = s.progress;
            const state = $('sync-state');
            state.textContent = `${s.state} ${s.progress}% (${s.campaignsSynced} campaigns)${s.message ? ` — ${s.message}` : ''}`;
            state.dataset.state = s.state;
            // Events also come from syncs started elsewhere (a teammate): they hold the button too.
            syncing = s.state === 'QUEUED' || s.state === 'RUNNING';
            updateSyncButton();
            if (!syncing) {
              void loadCampaigns(account.platform, account.accountId, account.ownerId).catch(showError);
              void loadAccounts().catch(showError); // Last sync
            }
          },
          error: (errors) => showError(new SiveraError(errors)),
        },
      );
    });
    await Promise.all([ready, loadCampaigns(account.platform, account.accountId, account.ownerId)]);
  }

  /** Clears what was shown for the previous user or owner (teams and viewOwner are the caller's to set). */
  function resetView(): void {
    unsubscribe?.();
    unsubscribe = null;
    selected = null;
    syncing = false;
    for (const id of ['accounts', 'campaigns']) $(id).querySelector('tbody')!.replaceChildren();
    $('sync-account').textContent = 'choose an account';
    $<HTMLProgressElement>('sync-progress').value = 0;
    $('sync-state').textContent = 'idle';
    $('sync-state').dataset.state = '';
    $('team-note').hidden = true;
    $('accounts-empty').hidden = true;
    $('campaigns-empty').hidden = true;
    updateSyncButton();
  }

  async function signedIn(user: { userId: string; email: string | undefined }): Promise<void> {
    resetView();
    $('who').textContent = `signed in as ${user.email ?? user.userId}`;
    $('sign-out-button').hidden = false;
    $('confirm').hidden = true;
    $('app').hidden = false;
    const [{ myTeams }, own] = await Promise.all([client.query(MyTeamsDocument, {}), client.query(PlatformAccountsDocument, {})]);
    teams = myTeams.filter((t) => t.ownerId !== user.userId);
    const select = $<HTMLSelectElement>('owner-select');
    select.replaceChildren(
      new Option('My accounts', ''),
      ...teams.map((t) => new Option(`${t.teamName}: the owner's accounts (you are ${t.myRole})`, t.ownerId)),
    );
    $('owner-row').hidden = teams.length === 0;
    // Nothing of one's own but a team: show the team's accounts rather than an empty table.
    viewOwner = own.platformAccounts.length === 0 ? teams[0]?.ownerId : undefined;
    select.value = viewOwner ?? '';
    await loadAccounts();
  }

  $('owner-select').addEventListener('change', () => {
    resetView();
    viewOwner = $<HTMLSelectElement>('owner-select').value || undefined;
    void loadAccounts().catch(showError);
  });

  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    $('error').textContent = '';
    void (async () => {
      $('notice').textContent = '';
      await signedIn(await client.auth.signIn($<HTMLInputElement>('email').value, $<HTMLInputElement>('password').value));
    })().catch(showError);
  });

  $('sign-up-button').addEventListener('click', () => {
    if (!$<HTMLFormElement>('sign-in').reportValidity()) return;
    $('error').textContent = '';
    const email = $<HTMLInputElement>('email').value;
    const password = $<HTMLInputElement>('password').value;
    void (async () => {
      const { confirmed } = await client.auth.signUp(email, password);
      if (confirmed) return signedIn(await client.auth.signIn(email, password));
      $('confirm').hidden = false;
      $('code').focus();
      $('notice').textContent = `Signed up ${email}: enter the confirmation code sent by email.`;
    })().catch(showError);
  });

  $('confirm').addEventListener('submit', (event) => {
    event.preventDefault();
    $('error').textContent = '';
    const email = $<HTMLInputElement>('email').value;
    void (async () => {
      await client.auth.confirmSignUp(email, $<HTMLInputElement>('code').value.trim());
      $('notice').textContent = '';
      await signedIn(await client.auth.signIn(email, $<HTMLInputElement>('password').value));
    })().catch(showError);
  });

  $('sign-out-button').addEventListener('click', () => {
    $('error').textContent = '';
    resetView();
    teams = [];
    viewOwner = undefined;
    $('app').hidden = true;
    $('sign-out-button').hidden = true;
    $('who').textContent = '';
    void client.auth
      .signOut()
      .then(() => ($('notice').textContent = 'Signed out.'))
      .catch(showError);
  });

  /**
   * A sync whose function died sends no final event. Reading its status past its lease answers FAILED and
   * has it published (docs/ARCHITECTURE.md, "A sync always ends"), so while the sync shows as running,
   * read it once a minute and show a final answer at once.
   */
  function watchSync(syncId: string): void {
    const account = selected;
    const timer = setInterval(() => {
      if (!syncing || selected !== account) return clearInterval(timer);
      void client
        .query(SyncStatusDocument, { syncId })
        .then(({ syncStatus: s }) => {
          if (!s || s.state === 'QUEUED' || s.state === 'RUNNING' || !syncing || selected !== account) return;
          clearInterval(timer);
          $<HTMLProgressElement>('sync-progress').value = s.progress;
          $('sync-state').textContent = `${s.state} ${s.progress}% (${s.campaignsSynced} campaigns)${s.message ? ` — ${s.message}` : ''}`;
          $('sync-state').dataset.state = s.state;
          syncing = false;
          updateSyncButton();
        })
        .catch(() => undefined); // the next tick reads again
    }, 60_000);
  }

  $('sync-button').addEventListener('click', () => {
    if (!selected || syncing) return;
    $('error').textContent = '';
    $<HTMLProgressElement>('sync-progress').value = 0;
    $('sync-state').dataset.state = '';
    // Held until the sync's final status arrives, so a second click cannot start a second sync.
    syncing = true;
    updateSyncButton();
    void client
      .mutate(SyncCampaignsDocument, { platform: selected.platform, accountId: selected.accountId, ownerId: selected.ownerId })
      .then(({ syncCampaigns }) => {
        // Only while no status event arrived yet: a fast sync's events can come before this answer.
        if (!$('sync-state').dataset.state) $('sync-state').textContent = `${syncCampaigns.state} ${syncCampaigns.progress}%`;
        watchSync(syncCampaigns.syncId);
      })
      .catch((e: unknown) => {
        // Conflict: a sync of this account started elsewhere is running; its events release the button.
        if (e instanceof SiveraError && e.errorType === 'Conflict') {
          $('notice').textContent = 'A sync of this account is already running: its progress shows below.';
          return;
        }
        syncing = false;
        updateSyncButton();
        showError(e);
      });
  });
}

void main().catch((e: unknown) => {
  document.getElementById('error')!.textContent = String((e as Error).message ?? e);
});
