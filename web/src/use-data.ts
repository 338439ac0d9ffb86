import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './api.ts';

/**
 * Loads data with the API; loads again when `key` changes; `reload()` fetches again; `every` polls (ms).
 * @example const { data } = useData(() => api.getAgent(name), name);
 */
export function useData<T>(
  load: () => Promise<T>,
  key: string,
  options: { every?: number } = {},
): { data: T | undefined; error: string | undefined; loading: boolean; reload: () => Promise<void> } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => {
    try {
      const value = await loader.current();
      setData(value);
      setError(undefined);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setLoading(false);
    }
  }, []);
  const every = options.every;
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for what the load depends on
  useEffect(() => {
    setLoading(true);
    void reload();
    if (!every) return;
    const timer = setInterval(() => void reload(), every);
    return () => clearInterval(timer);
  }, [key, every, reload]);
  return { data, error, loading, reload };
}
