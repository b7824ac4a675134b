/** The largest stop import body, JSON or CSV (10,000 stops with notes fit); other routes take 64 KiB. */
export const STOP_IMPORT_BODY_LIMIT_BYTES = 20 * 1024 * 1024;
