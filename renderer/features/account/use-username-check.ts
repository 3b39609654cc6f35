// Whether the username typed on the invite page is free, asked as the person types (Discourse's
// check_username, debounced, the previous question cancelled).
import { useEffect, useState } from 'react';
import { connect } from '../../api/client';
import { isAbort } from '../../api/api-error';
import { checkUsername, type UsernameCheck } from '../../api/account-links';

const WAIT_MS = 350;

/** null while nothing is known (empty, typing, or the check failed: the sign-up answer will tell). */
export function useUsernameCheck(username: string, email: string | null): UsernameCheck | null {
  const [result, setResult] = useState<{ for: string; check: UsernameCheck } | null>(null);
  const wanted = username.trim();

  useEffect(() => {
    if (!wanted) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      connect()
        .then((http) => checkUsername(http, wanted, email, abort.signal))
        .then(
          (check) => setResult({ for: wanted, check }),
          (e: unknown) => {
            if (!isAbort(e)) setResult(null);
          },
        );
    }, WAIT_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [wanted, email]);

  return result && result.for === wanted ? result.check : null;
}
