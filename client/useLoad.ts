import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiRequestError, errorMessage } from './api.js';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'failed'; message: string; status: number }
  | { state: 'ready'; value: T };

/**
 * Loads once per change of `key`, ignoring answers that arrive after the page moved on. `loaded`,
 * if given, is asked once, on the first render: what is already here (fetched ahead) is shown at once
 * and not loaded again, until a reload or a new key.
 */
export function useLoad<T>(load: () => Promise<T>, key: string, loaded?: () => T | null): [Loadable<T>, () => void] {
  const [result, setResult] = useState<Loadable<T>>(() => {
    const value = loaded?.() ?? null;
    return value === null ? { state: 'loading' } : { state: 'ready', value };
  });
  const [generation, setGeneration] = useState(0);
  /** The key whose first load the first render's value stands for. */
  const given = useRef<string | null>(result.state === 'ready' ? key : null);

  useEffect(() => {
    if (given.current === key && generation === 0) {
      given.current = null;
      return;
    }
    given.current = null;
    let live = true;
    load().then(
      (value) => live && setResult({ state: 'ready', value }),
      (error: unknown) =>
        live &&
        setResult({
          state: 'failed',
          message: errorMessage(error),
          status: error instanceof ApiRequestError ? error.status : 0,
        }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `key` says when what it loads has changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [result, reload];
}
