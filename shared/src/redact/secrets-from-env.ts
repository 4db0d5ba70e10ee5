type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables that hold credentials by naming convention. */
const SECRET_VARIABLE = /(?:_API_KEY|_TOKEN|_SECRET|_PASSWORD|^PAYREADY_ENCRYPTION_KEY)$/;

/** The values of credential-named environment variables: the usual `secrets` for `createRedactor`. */
export function secretsFromEnv(env: Env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_VARIABLE.test(name) && value !== undefined && value !== '')
    .map(([, value]) => value!);
}
