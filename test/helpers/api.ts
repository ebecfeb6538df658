/** A small HTTP client for black-box tests: JSON in, JSON out, admin token handled on demand. */

/** What a request returned. `body` is parsed JSON when the answer is JSON, else text. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Options of one request. */
export interface RequestOptions {
  /** Bearer token; default: the admin token (created on first use); `null` sends none. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Send this exact body instead of JSON-encoding `body`. */
  raw?: string | Buffer;
}

/** The admin that {@link Api.adminToken} creates. */
export const TEST_ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' } as const;

/** Client bound to one host. */
export interface Api {
  readonly url: string;
  /** Sets up the first admin through POST /api/setup (or logs in if one exists) and returns a bearer token. */
  adminToken(): Promise<string>;
  /** Logs in and returns a token. */
  login(email: string, password: string): Promise<string>;
  request<T = any>(method: string, path: string, body?: unknown, opts?: RequestOptions): Promise<ApiResponse<T>>;
  get<T = any>(path: string, opts?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, opts?: RequestOptions): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown, opts?: RequestOptions): Promise<ApiResponse<T>>;
  delete<T = any>(path: string, opts?: RequestOptions): Promise<ApiResponse<T>>;
  /** Creates an event source (default: an enabled `rest` source) and returns it; throws unless 201. */
  createSource(fields?: Record<string, unknown>): Promise<{ id: string; [k: string]: unknown }>;
  /** `POST /track` without a token. */
  track<T = any>(payload: unknown, headers?: Record<string, string>): Promise<ApiResponse<T>>;
}

/** Creates a client for the host at `url`. */
export function createApi(url: string): Api {
  let admin: Promise<string> | null = null;

  async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? await api.adminToken() : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | Buffer | undefined;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, body: payload as RequestInit['body'] });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  const api: Api = {
    url,
    adminToken() {
      admin ??= (async () => {
        const setup = await request<{ token: string }>('POST', '/api/setup', TEST_ADMIN, { token: null });
        if (setup.status === 201) return setup.body.token;
        return api.login(TEST_ADMIN.email, TEST_ADMIN.password);
      })();
      admin.catch(() => { admin = null; });
      return admin;
    },
    async login(email, password) {
      const res = await request<{ token: string }>('POST', '/api/auth/token', { email, password }, { token: null });
      if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
    request,
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body, opts) => request('POST', path, body, opts),
    put: (path, body, opts) => request('PUT', path, body, opts),
    delete: (path, opts) => request('DELETE', path, undefined, opts),
    async createSource(fields = {}) {
      const res = await request<{ id: string }>('POST', '/api/sources', { name: 'test source', type: 'rest', ...fields });
      if (res.status !== 201) throw new Error(`creating a source failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    track: (payload, headers) => request('POST', '/track', payload, { token: null, headers }),
  };
  return api;
}
