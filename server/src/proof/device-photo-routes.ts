import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  DomainError,
  IdParamsSchema,
  MAX_PHOTO_BYTES,
  PHOTO_KINDS,
  StopPhotoReplySchema,
  type PhotoKind,
} from '@dispatch/shared';
import { errorResponses } from '../http/schemas';
import type { DeviceTokens } from '../ingest/courier-gateway';
import type { StopPhotos } from './stop-photos';

/** The courier a request's `Authorization: Bearer <deviceToken>` belongs to, else `unauthorized`. */
async function deviceCourier(request: FastifyRequest, devices: DeviceTokens): Promise<number> {
  const header = request.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const identity = token && token.length <= 200 ? await devices.byDeviceToken(token) : null;
  if (!identity)
    throw new DomainError(
      'unauthorized',
      'a valid device token is required (Authorization: Bearer <token>)',
    );
  return identity.courierId;
}

/** The upload's fields: the image bytes and what it is. */
interface PhotoUpload {
  kind: PhotoKind;
  bytes: Buffer;
}

/**
 * `POST /api/v1/device/stops/:id/photos`: a courier's photo or drawn signature for one of its
 * stops, as multipart (`kind`, then `file`). Who: a device, with its token as bearer, for a stop
 * of its own courier (also after completing it, for a phone that was offline).
 */
export const devicePhotoRoutes: FastifyPluginAsyncTypebox<{
  photos: StopPhotos;
  devices: DeviceTokens;
}> = async (app, { photos, devices }) => {
  // Only this plugin's route takes multipart bodies, one small image at a time.
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { files: 1, fileSize: MAX_PHOTO_BYTES, fields: 4, fieldSize: 100, parts: 6 },
  });

  /** Reads the multipart body, turning the parser's refusals into typed errors. */
  async function readUpload(request: FastifyRequest): Promise<PhotoUpload> {
    let kind: string | null = null;
    let bytes: Buffer | null = null;
    let fileField = '';
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          fileField = part.fieldname;
          bytes = await part.toBuffer();
        } else if (part.fieldname === 'kind') {
          kind = typeof part.value === 'string' ? part.value : '';
        }
      }
    } catch (err) {
      const errors = app.multipartErrors;
      if (err instanceof errors.RequestFileTooLargeError)
        throw new DomainError('too_large', `an image may have at most ${MAX_PHOTO_BYTES} bytes`);
      if (
        err instanceof errors.FilesLimitError ||
        err instanceof errors.FieldsLimitError ||
        err instanceof errors.PartsLimitError
      )
        throw new DomainError('invalid', 'send one image in `file` and at most the field `kind`');
      if (err instanceof errors.InvalidMultipartContentTypeError)
        throw new DomainError('invalid', 'send the image as multipart/form-data (`kind`, `file`)');
      throw err;
    }
    if (!bytes || fileField !== 'file')
      throw new DomainError('invalid', 'the image goes in the multipart field `file`', [
        { path: '/file', message: 'required' },
      ]);
    const chosen = kind ?? 'photo';
    if (!(PHOTO_KINDS as readonly string[]).includes(chosen))
      throw new DomainError('invalid', `kind is ${PHOTO_KINDS.join(' or ')}`, [
        { path: '/kind', message: chosen },
      ]);
    return { kind: chosen as PhotoKind, bytes };
  }

  app.post(
    '/api/v1/device/stops/:id/photos',
    {
      schema: {
        tags: ['stops'],
        summary:
          'Upload a photo or signature (multipart: `kind` = photo|signature, then `file`: JPEG, PNG or WebP, at most 5 MB) for a stop of your route, with `Authorization: Bearer <deviceToken>`; the same image again answers the same id',
        security: [{ deviceToken: [] }],
        consumes: ['multipart/form-data'],
        params: IdParamsSchema,
        response: {
          201: StopPhotoReplySchema,
          ...errorResponses(400, 401, 403, 404, 409, 413),
        },
      },
    },
    async (request, reply) => {
      const courierId = await deviceCourier(request, devices);
      const stopId = request.params.id;
      // Refused before the body is read: nothing is stored for another courier's stop.
      await photos.checkUploader(courierId, stopId);
      const upload = await readUpload(request);
      const saved = await photos.save(courierId, stopId, upload.kind, upload.bytes);
      return reply.status(201).send(saved);
    },
  );
};
