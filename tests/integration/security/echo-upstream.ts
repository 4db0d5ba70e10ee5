import { startHttpFixture, type HttpFixture, type RecordedRequest } from '../../test-utils/src/index.js';

/** Headers that carry a credential to one of the upstreams payready talks to. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-subscription-token', 'api-key'] as const;

export interface EchoUpstream extends HttpFixture {
  /** Every response body sent, so a test can prove the key really went back over the wire. */
  bodies: string[];
  /** Every credential header value received, e.g. `x-api-key: sk-ant-…`. */
  receivedCredentials(): string[];
}

/** The credential headers of one request, as `[name, value]`. */
export function credentialsOf(request: RecordedRequest): Array<[string, string]> {
  return CREDENTIAL_HEADERS.flatMap((name) => {
    const value = request.headers[name];
    return typeof value === 'string' ? [[name, value] as [string, string]] : [];
  });
}

/**
 * A careless upstream that answers every request with 401 and echoes the credential headers it received in
 * its error body: raw, as a gateway's "invalid header" message does, and base64- and hex-encoded, as debug
 * dumps do. The body fits every provider's error shape at once (Anthropic and OpenAI `error.message`, Brave
 * `error.detail` with a token code, Tavily and Agno `detail`), so each client puts the echo in its error.
 */
export async function startEchoUpstream(): Promise<EchoUpstream> {
  const bodies: string[] = [];
  const fixture = await startHttpFixture((request, res) => {
    const echoed = credentialsOf(request).map(([name, value]) => {
      const bare = value.replace(/^Bearer /, '');
      const bytes = Buffer.from(bare);
      return `${name}: ${value} (received ${bare}; base64 ${bytes.toString('base64')}; hex ${bytes.toString('hex')})`;
    });
    const message = `invalid credentials: ${echoed.join(', ') || 'none sent'}`;
    const body = JSON.stringify({
      type: 'error',
      error: { type: 'authentication_error', code: 'SUBSCRIPTION_TOKEN_INVALID', message, detail: message },
      detail: message,
      request_id: `req_echo_${bodies.length + 1}`,
    });
    bodies.push(body);
    res.writeHead(401, { 'content-type': 'application/json' }).end(body);
  });
  return Object.assign(fixture, {
    bodies,
    receivedCredentials: () =>
      fixture.requests.flatMap((request) => credentialsOf(request).map(([name, value]) => `${name}: ${value}`)),
  });
}

/** An upstream that accepts every request and never answers: each client must give up on its own timeout. */
export async function startHangingUpstream(): Promise<HttpFixture & { receivedCredentials(): string[] }> {
  const fixture = await startHttpFixture(() => undefined);
  return Object.assign(fixture, {
    receivedCredentials: () =>
      fixture.requests.flatMap((request) => credentialsOf(request).map(([name, value]) => `${name}: ${value}`)),
  });
}
