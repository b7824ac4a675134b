import type { PairingCodeReply } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';

/** What pairing a phone needs from the server, and a QR code drawer. */
export interface PairingApi {
  /** A one-time code for the courier and the link that carries it. */
  makeCode(courierId: number): Promise<PairingCodeReply>;
  /** Revokes the courier's device token; its connected phone is signed out. */
  signOut(courierId: number): Promise<void>;
  /** An SVG image of a QR code holding `text`. */
  qrSvg(text: string): Promise<string>;
}

/** A code as shown: groups of five characters, easier to read out and type. */
export function groupedCode(code: string): string {
  return code.replace(/(.{5})(?=.)/g, '$1 ');
}

/**
 * Time left as `m:ss`, never below zero. Parts of a second are dropped: the console's clock ticks
 * once a second, so a fresh code reads 10:00, not 10:01.
 */
export function countdown(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Whether a link names only the computer it was made on (localhost): a phone cannot open it, and
 * the server needs `PUBLIC_URL`.
 */
export function onlyThisComputer(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
}

/** Where signing the phone out stands. */
export type SignOutStep = 'idle' | 'confirming' | 'signing-out' | 'done';

/**
 * Pairing one courier's phone from the console: a one-time code with its QR image and expiry,
 * and signing the phone out after a confirmation.
 */
export class PhonePairing {
  /** The code on screen; null before one is made or after making one failed. */
  reply = $state.raw<PairingCodeReply | null>(null);
  /** The QR code of the link, as an image URL. */
  qrImage = $state<string | null>(null);
  making = $state(false);
  error = $state<Wording | null>(null);
  signOutStep = $state<SignOutStep>('idle');
  signOutError = $state<Wording | null>(null);
  /** Only the latest request's answer is shown: an earlier code stops working on the server. */
  #request = 0;

  constructor(
    readonly courierId: number,
    private readonly api: PairingApi,
  ) {}

  /**
   * Makes a new code (the courier's earlier unused one stops working) and draws its QR code; a
   * phone signed out before can now be paired again.
   */
  async makeCode(): Promise<void> {
    const request = ++this.#request;
    if (this.signOutStep === 'done') this.signOutStep = 'idle';
    this.making = true;
    this.error = null;
    this.reply = null;
    this.qrImage = null;
    try {
      const reply = await this.api.makeCode(this.courierId);
      const svg = await this.api.qrSvg(reply.url);
      if (request !== this.#request) return;
      this.reply = reply;
      this.qrImage = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    } catch (err) {
      if (request === this.#request) this.error = failureWording(err);
    } finally {
      if (request === this.#request) this.making = false;
    }
  }

  /** Milliseconds the code on screen still works, 0 when there is none. */
  remainingMs(now: number): number {
    return this.reply ? Math.max(0, this.reply.expiresAt - now) : 0;
  }

  expired(now: number): boolean {
    return this.reply !== null && now >= this.reply.expiresAt;
  }

  askSignOut(): void {
    this.signOutStep = 'confirming';
    this.signOutError = null;
  }

  cancelSignOut(): void {
    if (this.signOutStep === 'confirming') this.signOutStep = 'idle';
  }

  /** Signs the phone out once confirmed; true when the server did. */
  async signOut(): Promise<boolean> {
    if (this.signOutStep !== 'confirming') return false;
    this.signOutStep = 'signing-out';
    try {
      await this.api.signOut(this.courierId);
      this.signOutStep = 'done';
      return true;
    } catch (err) {
      this.signOutError = failureWording(err);
      this.signOutStep = 'confirming';
      return false;
    }
  }
}
