import QRCode from 'qrcode';
import type { PairingCodeReply } from '@dispatch/shared';
import { request } from '../api';
import type { PairingApi } from './phone-pairing.svelte';

/** The server's pairing routes, and QR codes drawn in the browser (the link never leaves it). */
export const pairingApi: PairingApi = {
  makeCode: (courierId) =>
    request<PairingCodeReply>('POST', `/api/v1/couriers/${courierId}/pairing`, {}),
  signOut: (courierId) => request<void>('DELETE', `/api/v1/couriers/${courierId}/token`),
  qrSvg: (text) => QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
};
