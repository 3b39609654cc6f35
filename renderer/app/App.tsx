// The first screen: which forum this is and whether you are signed in. A later issue
// replaces it with the mail client; the landmarks and the data path stay.
import { useCallback, useEffect, useState } from 'react';
import {
  createHttpClient,
  fetchCurrentUser,
  fetchSiteInfo,
  type CurrentUser,
  type SiteInfo,
} from '../api/http';

type Load =
  | { state: 'loading' }
  | { state: 'ready'; site: SiteInfo; user: CurrentUser | null }
  | { state: 'failed'; message: string };

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function App() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ state: 'loading' });
    void (async () => {
      try {
        const http = await createHttpClient();
        const [site, user] = await Promise.all([
          fetchSiteInfo(http, controller.signal),
          fetchCurrentUser(http, controller.signal),
        ]);
        setLoad({ state: 'ready', site, user });
      } catch (error) {
        if (!controller.signal.aborted) setLoad({ state: 'failed', message: describeError(error) });
      }
    })();
    return () => controller.abort();
  }, [attempt]);

  useEffect(() => {
    document.title = load.state === 'ready' ? `${load.site.title} · Foyer` : 'Foyer';
  }, [load]);

  return (
    <>
      <header>
        <h1>Foyer</h1>
      </header>
      <main>
        {load.state === 'loading' && (
          <p role="status" className="muted">
            Connecting to the forum…
          </p>
        )}
        {load.state === 'failed' && (
          <section className="card" role="alert">
            <h2>Could not reach the forum</h2>
            <p>{load.message}</p>
            <p className="muted">Check that the Foyer server is running, then try again.</p>
            <button type="button" onClick={retry}>
              Try again
            </button>
          </section>
        )}
        {load.state === 'ready' && (
          <section className="card" aria-labelledby="site-title">
            <h2 id="site-title">{load.site.title}</h2>
            {load.site.description && <p className="muted">{load.site.description}</p>}
            <p role="status">
              {load.user ? `Signed in as ${load.user.name || load.user.username}.` : 'You are not signed in.'}
            </p>
          </section>
        )}
      </main>
    </>
  );
}
