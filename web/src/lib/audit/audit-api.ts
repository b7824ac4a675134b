import type { AuditPage } from '@dispatch/shared';
import { request } from '../api';
import type { AuditApi } from './audit-log.svelte';
import { auditQueryString } from './audit-filters';

/** The audit trail over REST (`GET /api/v1/events`, admins and supervisors). */
export const auditApi: AuditApi = {
  page: (query) => request<AuditPage>('GET', `/api/v1/events${auditQueryString(query)}`),
};
