import Type, { type Static } from 'typebox';

// The body of `POST /api/v1/pings` is `PingBatchSchema` (schemas.ts), as on the socket.

/** What an accepted ping batch reports back to the device. */
export const PingReceiptSchema = Type.Object({
  /** Highest sequence number of the batch; every ping of the batch is now durable. */
  upTo: Type.Integer(),
  /** Pings stored by this batch. */
  stored: Type.Integer(),
  /** Pings already stored before (resent). */
  duplicates: Type.Integer(),
});
export type PingReceipt = Static<typeof PingReceiptSchema>;

/** `POST /api/v1/pings` 200: the socket ack's success, over HTTP. */
export const PingBatchAckSchema = Type.Object({
  ok: Type.Literal(true),
  ...PingReceiptSchema.properties,
});
export type PingBatchAck = Static<typeof PingBatchAckSchema>;
