import { hostname } from 'node:os';

/**
 * Whether the process named by an owner string (`host/pid/tag`) still runs. Owners on another
 * host are taken as alive: we cannot tell, and stealing a live run would break its log.
 */
export function isOwnerAlive(owner: string): boolean {
  const [host, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return host !== hostname();
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
