import type { ConsoleUser, Hub } from '@dispatch/shared';
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { currentUser, fetchHubs } from '../api';

/**
 * The signed-in user and the hubs they work on (their own hub only when they are tied to one),
 * or null after sending a signed-out visitor to the sign-in page.
 */
export async function loadOffice(): Promise<{ user: ConsoleUser; hubs: Hub[] } | null> {
  const user = await currentUser();
  if (!user) {
    await goto(resolve('/login'));
    return null;
  }
  const hubs = await fetchHubs();
  return { user, hubs: user.hubId === null ? hubs : hubs.filter((h) => h.id === user.hubId) };
}

/** The hub's time zone, or the browser's when the hub is unknown. */
export function zoneOf(hubs: readonly Hub[], hubId: number | null): string {
  return (
    hubs.find((h) => h.id === hubId)?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  );
}
