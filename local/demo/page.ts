// The demo page: built only on the typed client (client/), the proof a frontend developer looks at first.
import {
  CampaignsDocument,
  OnSyncStatusChangedDocument,
  PlatformAccountsDocument,
  SiveraClient,
  SiveraError,
  SyncCampaignsDocument,
  configFromOutputs,
  type Platform,
  type PlatformAccountFieldsFragment,
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

  if (demoUser) {
    $<HTMLInputElement>('email').value = demoUser.email;
    $<HTMLInputElement>('password').value = demoUser.password;
  }
  const showError = (e: unknown): void => {
    $('error').textContent = e instanceof SiveraError ? `${e.errorType}: ${e.message}` : String((e as Error).message ?? e);
  };

  async function loadAccounts(): Promise<void> {
    const { platformAccounts } = await client.query(PlatformAccountsDocument, {});
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

  async function loadCampaigns(platform: Platform, accountId: string): Promise<void> {
    const { campaigns } = await client.query(CampaignsDocument, { platform, accountId, limit: 50 });
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
    $<HTMLButtonElement>('sync-button').disabled = false;
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
            if (s.state !== 'QUEUED' && s.state !== 'RUNNING') void loadCampaigns(account.platform, account.accountId).catch(showError);
          },
          error: (errors) => showError(new SiveraError(errors)),
        },
      );
    });
    await Promise.all([ready, loadCampaigns(account.platform, account.accountId)]);
  }

  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    $('error').textContent = '';
    void (async () => {
      const user = await client.auth.signIn($<HTMLInputElement>('email').value, $<HTMLInputElement>('password').value);
      $('who').textContent = `signed in as ${user.email ?? user.userId}`;
      $('app').hidden = false;
      await loadAccounts();
    })().catch(showError);
  });

  $('sync-button').addEventListener('click', () => {
    if (!selected) return;
    $('error').textContent = '';
    $<HTMLProgressElement>('sync-progress').value = 0;
    void client
      .mutate(SyncCampaignsDocument, { platform: selected.platform, accountId: selected.accountId, ownerId: selected.ownerId })
      .then(({ syncCampaigns }) => {
        $('sync-state').textContent = `${syncCampaigns.state} ${syncCampaigns.progress}%`;
      })
      .catch(showError);
  });
}

void main().catch((e: unknown) => {
  document.getElementById('error')!.textContent = String((e as Error).message ?? e);
});
