/** The admin account the bench server is started with. */
export const BENCH_ADMIN = { email: 'bench-admin@example.com', password: 'bench-admin-password' };

/** Signs in (as the bench admin unless told) and returns the session cookie (`sid=…`). */
export async function login(
  baseUrl: string,
  account: { email: string; password: string } = BENCH_ADMIN,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const sid = res.headers.getSetCookie().find((c) => c.startsWith('sid='));
  if (!sid) throw new Error('login set no session cookie');
  return sid.split(';')[0]!;
}

/** Creates `count` couriers through the REST API, a few at a time; returns their device tokens. */
export async function createCouriers(baseUrl: string, count: number): Promise<string[]> {
  const cookie = await login(baseUrl);
  const tokens: string[] = new Array<string>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await fetch(`${baseUrl}/api/v1/couriers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: `Bench courier ${i + 1}`, vehicle: 'bike' }),
      });
      const body = (await res.json()) as { id?: number; deviceToken?: string };
      if (res.status !== 201 || !body.deviceToken) {
        throw new Error(`creating courier ${i + 1} failed: ${res.status} ${JSON.stringify(body)}`);
      }
      tokens[i] = body.deviceToken;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return tokens;
}
