import type { CourierOsmAndSecret } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';

/** What managing a courier's OsmAnd tracker needs from the server (admins only). */
export interface TrackerSecretApi {
  /** Issues a new secret; the tracker's previous one stops working. */
  issue(courierId: number): Promise<CourierOsmAndSecret>;
  /** Revokes the secret: the tracker is refused from now on. */
  revoke(courierId: number): Promise<void>;
  /** Whether the tracker's own external id is still taken (old trackers). */
  setLegacyId(courierId: number, allowed: boolean): Promise<void>;
}

/**
 * Where a tracker sends its fixes: the server's public address on the OsmAnd port, or, when the
 * server was not told its public address, the host this console was opened on.
 */
export function trackerAddress(
  issued: Pick<CourierOsmAndSecret, 'osmandUrl' | 'osmandPort'>,
  consoleHost: string,
): string {
  return issued.osmandUrl ?? `http://${consoleHost}:${issued.osmandPort}`;
}

/**
 * One courier's OsmAnd tracker as an admin manages it: issuing or rotating its secret (shown
 * once, here only), revoking it, and allowing the tracker's own external id.
 */
export class TrackerSecret {
  /** The secret just issued, shown once; null otherwise. */
  issued = $state.raw<CourierOsmAndSecret | null>(null);
  busy = $state(false);
  error = $state<Wording | null>(null);
  /** After a revoke, until a new secret is issued. */
  revoked = $state(false);

  constructor(
    readonly courierId: number,
    private readonly api: TrackerSecretApi,
  ) {}

  /** Issues (or rotates) the secret; true when it worked. */
  async issue(): Promise<boolean> {
    return this.run(async () => {
      this.issued = await this.api.issue(this.courierId);
      this.revoked = false;
    });
  }

  /** Revokes the secret and forgets the one on screen; true when it worked. */
  async revoke(): Promise<boolean> {
    return this.run(async () => {
      await this.api.revoke(this.courierId);
      this.issued = null;
      this.revoked = true;
    });
  }

  /** Allows or stops the tracker's own external id; true when it worked. */
  async setLegacyId(allowed: boolean): Promise<boolean> {
    return this.run(() => this.api.setLegacyId(this.courierId, allowed));
  }

  /** Hides the secret (it is never shown again). */
  dismiss(): void {
    this.issued = null;
  }

  private async run(work: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await work();
      return true;
    } catch (err) {
      this.error = failureWording(err);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
