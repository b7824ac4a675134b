import { StopPhotoReplySchema, compileValidator } from '@dispatch/shared';

const photoReply = compileValidator(StopPhotoReplySchema, 'photo upload answer');

/**
 * Uploads a recipient's signature for a stop as the courier's phone does (multipart, the device
 * token as bearer) and returns its photo id, to reference in the delivery's proof.
 */
export async function uploadSignature(
  serverUrl: string,
  deviceToken: string,
  stopId: number,
  png: Uint8Array,
): Promise<number> {
  const form = new FormData();
  form.append('kind', 'signature');
  form.append('file', new Blob([png], { type: 'image/png' }), 'signature.png');
  const res = await fetch(new URL(`/api/v1/device/stops/${stopId}/photos`, serverUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${deviceToken}` },
    body: form,
    signal: AbortSignal.timeout(15_000),
  });
  const body: unknown = await res.json().catch(() => null);
  const parsed = photoReply.parse(body);
  if (!res.ok || !parsed.ok)
    throw new Error(`signature upload answered ${res.status}: ${JSON.stringify(body)}`);
  return parsed.value.photoId;
}
