/** A provider the workspace can name and where its key comes from; never the key, at most its last 4 characters. */
export interface ProviderStatus {
  name: string;
  apiKeyEnv?: string;
  /** Whether a key is usable (or none is needed). */
  keySet: boolean;
  custom: boolean;
  /** Where the key in use comes from: the environment wins over one stored in Brigade. */
  keySource?: 'environment' | 'stored';
  /** A key is stored in Brigade (also when the environment's wins). */
  stored: boolean;
  /** The last 4 characters of the key in use, for a masked display (keys of 12+ characters only). */
  keyEnding?: string;
  /** Whether the provider needs a key at all. */
  needsKey: boolean;
}
