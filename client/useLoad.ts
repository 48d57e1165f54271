import { useCallback, useEffect, useState } from 'react';
import { ApiRequestError, errorMessage } from './api.js';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'failed'; message: string; status: number }
  | { state: 'ready'; value: T };

/** Loads once per change of `key`, ignoring answers that arrive after the page moved on. */
export function useLoad<T>(load: () => Promise<T>, key: string): [Loadable<T>, () => void] {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
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
