import { describe, expect, it } from 'vitest';
import { REDACTED } from '@payready/shared';
import { createSecretMasker } from './mask-secrets.js';

const ENV_KEY = 'k3y-from-the-environment-0123456789';

describe('createSecretMasker', () => {
  const mask = createSecretMasker({
    env: { MY_SERVICE_API_KEY: ENV_KEY, HOME: '/home/me' },
    literals: ['corp-internal-passphrase'],
  });

  it('masks environment secrets, provider keys, cloud tokens, passwords and URL credentials', () => {
    const diff = [
      `+const fromEnv = "${ENV_KEY}";`,
      '+const openai = "sk-proj-abcdefghijklmnopqrstuvwxyz012345";',
      '+aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      '+DB_PASSWORD = "hunter2hunter2"',
      "+  'client_secret': 'abcdef123456',",
      '+const url = "postgres://admin:s3cr3tpw@db.example.com/app";',
      '+headers["Authorization"] = "Bearer abcdefghijklmnopqrstuvwxyz";',
      '+const slack = "xoxb-123456789012-abcdefghijkl";',
      '+const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";',
      '+note = "corp-internal-passphrase"',
    ].join('\n');
    const { text, masked } = mask(diff);
    for (const secret of [
      ENV_KEY,
      'sk-proj-abcdefghij',
      'AKIAIOSFODNN7EXAMPLE',
      'hunter2hunter2',
      'abcdef123456',
      's3cr3tpw',
      'abcdefghijklmnopqrstuvwxyz',
      'xoxb-1234',
      'eyJhbGci',
      'corp-internal-passphrase',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(`DB_PASSWORD = "${REDACTED}"`);
    expect(text).toContain(`postgres://admin:${REDACTED}@db.example.com/app`);
    expect(masked).toBeGreaterThanOrEqual(10);
  });

  it('masks the body of a PEM private key and keeps the diff prefixes', () => {
    const diff =
      '+-----BEGIN RSA PRIVATE KEY-----\n+MIIEowIBAAKCAQEA7bq\n+Zm9vYmFyYmF6\n+-----END RSA PRIVATE KEY-----\n context\n';
    const { text, masked } = mask(diff);
    expect(text).toBe(
      `+-----BEGIN RSA PRIVATE KEY-----\n+${REDACTED}\n+${REDACTED}\n+-----END RSA PRIVATE KEY-----\n context\n`,
    );
    expect(masked).toBe(1);
  });

  it('leaves ordinary code alone', () => {
    const code =
      '+const password = readPassword();\n+if (token.length < 6) throw new Error("short");\n+const apiKey = process.env.API_KEY;\n';
    expect(mask(code)).toEqual({ text: code, masked: 0 });
  });
});
