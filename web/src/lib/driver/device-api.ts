import type {
  ConsoleConfig,
  DeviceProfile,
  PairReply,
  PairRequest,
  PhotoKind,
  StopPhotoReply,
} from '@dispatch/shared';
import { ApiError, errorFrom } from '../api';

/**
 * The courier app's REST calls: pairing (no credentials), then the device token as a bearer.
 * Every failure is an `ApiError`; `unavailable` when the server cannot be reached.
 */

async function call<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: 'omit' });
  } catch {
    throw new ApiError('unavailable', 'the server cannot be reached');
  }
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()) as T;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Exchanges a one-time pairing code for this phone's device token. */
export function pairDevice(code: string): Promise<PairReply> {
  const body: PairRequest = { code };
  return call<PairReply>('/api/v1/device/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Who the phone belongs to, and the hub's time zone. */
export function fetchProfile(token: string): Promise<DeviceProfile> {
  return call<DeviceProfile>('/api/v1/device/me', {
    headers: { ...bearer(token), accept: 'application/json' },
  });
}

/** The map's configuration (street layer, glyphs), the same the console reads. */
export function fetchMapConfig(token: string): Promise<ConsoleConfig> {
  return call<ConsoleConfig>('/api/v1/config', {
    headers: { ...bearer(token), accept: 'application/json' },
  });
}

/** Uploads a photo or signature of a stop; the same bytes again answer the same id. */
export function uploadPhoto(
  token: string,
  stopId: number,
  kind: PhotoKind,
  image: Blob,
): Promise<StopPhotoReply> {
  const form = new FormData();
  form.append('kind', kind);
  const extension = image.type === 'image/png' ? 'png' : 'jpg';
  form.append('file', image, `${kind}.${extension}`);
  return call<StopPhotoReply>(`/api/v1/device/stops/${stopId}/photos`, {
    method: 'POST',
    headers: { ...bearer(token), accept: 'application/json' },
    body: form,
  });
}
