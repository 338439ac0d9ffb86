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
  // What was loaded, and for which key: data loaded for another key (the page before a navigation,
  // or a slow answer that arrives late) is not this key's data.
  const [loaded, setLoaded] = useState<{ key: string; value: T }>();
  const [failed, setFailed] = useState<{ key: string; message: string }>();
  const [loading, setLoading] = useState(true);
  const loader = useRef(load);
  loader.current = load;
  const currentKey = useRef(key);
  currentKey.current = key;
  const reload = useCallback(async () => {
    const forKey = currentKey.current;
    try {
      const value = await loader.current();
      setLoaded({ key: forKey, value });
      setFailed(undefined);
    } catch (caught) {
      setFailed({ key: forKey, message: errorText(caught) });
    } finally {
      setLoading(false);
    }
  }, []);
  const data = loaded?.key === key ? loaded.value : undefined;
  const error = failed?.key === key ? failed.message : undefined;
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
