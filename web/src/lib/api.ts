import type {
  AlertList,
  AlertListQuery,
  AlertReply,
  AlertView,
  ConsoleConfig,
  ConsoleUser,
  ConsoleUserReply,
  Courier,
  CourierList,
  CourierTrail,
  ErrorCode,
  Hub,
  HubList,
  KpiSnapshot,
  LoginRequest,
  MoveCandidateList,
  MovePreview,
  MovePreviewRequest,
  HubPatch,
  PlanOutcome,
  PlanPreview,
  PlanRequest,
  ReassignReply,
  ReassignRequest,
  ReassignResult,
  RoutePath,
  RoutePayload,
  Stop,
  StopList,
  StopStatus,
  SuggestionList,
  SuggestionListQuery,
  SuggestionReply,
  SuggestionView,
  WireError,
} from '@dispatch/shared';

/** A refusal from the server (REST or socket ack), or a network failure (`unavailable`). */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** HTTP status, or 0 when the answer came over the socket or never came. */
    readonly status = 0,
    readonly details?: WireError['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static fromWire(error: WireError, status = 0): ApiError {
    return new ApiError(error.code, error.message, status, error.details);
  }
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  429: 'rate_limited',
  503: 'unavailable',
};

function isWireError(body: unknown): body is WireError {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

/** The typed error a refused response carries (its wire body, else a code from its status). */
export async function errorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  if (isWireError(body)) return ApiError.fromWire(body, response.status);
  const code = CODE_BY_STATUS[response.status] ?? 'internal';
  return new ApiError(code, `${response.status} ${response.statusText}`.trim(), response.status);
}

/** One same-origin JSON request; throws ApiError on a refusal or when the server is unreachable. */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('unavailable', 'the server cannot be reached');
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const get = <T>(path: string) => request<T>('GET', path);
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {});

export async function login(email: string, password: string): Promise<ConsoleUser> {
  const body: LoginRequest = { email, password };
  return (await post<ConsoleUserReply>('/api/v1/auth/login', body)).user;
}

export async function logout(): Promise<void> {
  await post<void>('/api/v1/auth/logout');
}

/** The signed-in user, or null when there is no session. */
export async function currentUser(): Promise<ConsoleUser | null> {
  try {
    return (await get<ConsoleUserReply>('/api/v1/auth/me')).user;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unauthorized') return null;
    throw err;
  }
}

export const fetchConfig = () => get<ConsoleConfig>('/api/v1/config');
export const fetchHubs = async (): Promise<Hub[]> => (await get<HubList>('/api/v1/hubs')).hubs;

export async function fetchCouriers(): Promise<Courier[]> {
  return (await get<CourierList>('/api/v1/couriers')).couriers;
}

export const fetchRoute = (courierId: number) =>
  get<RoutePayload>(`/api/v1/couriers/${courierId}/route`);

export const fetchTrail = (courierId: number, minutes = 30) =>
  get<CourierTrail>(`/api/v1/couriers/${courierId}/trail?minutes=${minutes}`);

/** The next legs of a courier's route, along the streets when the server has a road graph. */
export const fetchRoutePath = (courierId: number) =>
  get<RoutePath>(`/api/v1/couriers/${courierId}/route/path`);

export async function fetchStops(statuses: readonly StopStatus[], limit = 5000): Promise<Stop[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const status of statuses) query.append('status', status);
  return (await get<StopList>(`/api/v1/stops?${query}`)).stops;
}

export async function fetchAlerts(status: AlertListQuery['status'] = 'open'): Promise<AlertView[]> {
  return (await get<AlertList>(`/api/v1/alerts?status=${status}`)).alerts;
}

export async function ackAlert(alertId: number): Promise<AlertView> {
  return (await post<AlertReply>(`/api/v1/alerts/${alertId}/ack`)).alert;
}

export async function fetchSuggestions(
  status: SuggestionListQuery['status'] = 'open',
): Promise<SuggestionView[]> {
  return (await get<SuggestionList>(`/api/v1/suggestions?status=${status}`)).suggestions;
}

export async function acceptSuggestion(suggestionId: number): Promise<ReassignResult> {
  return (await post<ReassignReply>(`/api/v1/suggestions/${suggestionId}/accept`)).result;
}

export async function rejectSuggestion(suggestionId: number): Promise<SuggestionView> {
  return (await post<SuggestionReply>(`/api/v1/suggestions/${suggestionId}/reject`)).suggestion;
}

export async function reassignStops(req: ReassignRequest): Promise<ReassignResult> {
  return (await post<ReassignReply>('/api/v1/stops/reassign', req)).result;
}

/** What moving stops to a courier would do (lateness before and after), changing nothing. */
export const previewMove = (req: MovePreviewRequest) =>
  post<MovePreview>('/api/v1/moves/preview', req);

/** Couriers who could take a stop, least driving added first (never its current courier). */
export const fetchMoveCandidates = (stopId: number, limit = 8) =>
  get<MoveCandidateList>(`/api/v1/stops/${stopId}/candidates?limit=${limit}`);

export const fetchKpi = () => get<KpiSnapshot>('/api/v1/kpi');

/** Plans a hub's unassigned stops onto its couriers (after their open stops). */
export const planHub = (hubId: number) =>
  post<PlanOutcome>(`/api/v1/hubs/${hubId}/plan`, {} satisfies PlanRequest);

/** Plans a hub's unassigned stops without applying the plan: what would move, kept to accept. */
export const previewPlan = (hubId: number) =>
  post<PlanPreview>(`/api/v1/hubs/${hubId}/plan/preview`, {} satisfies PlanRequest);

/** Applies a previewed plan (`conflict` when a route it touches changed since). */
export const acceptPlan = (hubId: number, planId: string) =>
  post<PlanOutcome>(`/api/v1/hubs/${hubId}/plan/${planId}/accept`);

/** Discards a previewed plan. */
export const discardPlan = (hubId: number, planId: string) =>
  request<void>('DELETE', `/api/v1/hubs/${hubId}/plan/${planId}`);

/** Changes a hub's policies (supervisors and admins). */
export const patchHub = (hubId: number, patch: HubPatch) =>
  request<Hub>('PATCH', `/api/v1/hubs/${hubId}`, patch);

/** Human text for an error of unknown shape. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
