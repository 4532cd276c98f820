import { ConfigError, quotaPolicyFromEnv } from './index';
import { SETTING_VARIABLES } from './deployment';
import { DEFAULT_QUOTAS, QUOTA_OVERRIDES_VARIABLE, QUOTA_VARIABLES } from './quotas';

describe('quotaPolicyFromEnv', () => {
  it('applies the defaults, then the QUOTA_* values, then a tenant override', () => {
    expect(quotaPolicyFromEnv({})('any')).toEqual(DEFAULT_QUOTAS);
    const policy = quotaPolicyFromEnv({
      QUOTA_CONNECTIONS_PER_USER: '3',
      QUOTA_JOBS_PER_USER: '0',
      QUOTA_TENANT_OVERRIDES: '{"big":{"connectionsPerTenant":100000,"requestsPerSecondPerTenant":0}}',
    });
    expect(policy('small')).toEqual({ ...DEFAULT_QUOTAS, connectionsPerUser: 3, jobsPerUser: 0 });
    expect(policy('big')).toEqual({ ...DEFAULT_QUOTAS, connectionsPerUser: 3, jobsPerUser: 0, connectionsPerTenant: 100_000, requestsPerSecondPerTenant: 0 });
  });

  it.each([
    [{ QUOTA_CONNECTIONS_PER_USER: '-1' }, 'QUOTA_CONNECTIONS_PER_USER'],
    [{ QUOTA_JOBS_PER_USER: '2.5' }, 'QUOTA_JOBS_PER_USER'],
    [{ QUOTA_TENANT_OVERRIDES: 'not json' }, QUOTA_OVERRIDES_VARIABLE],
    [{ QUOTA_TENANT_OVERRIDES: '[1]' }, QUOTA_OVERRIDES_VARIABLE],
    [{ QUOTA_TENANT_OVERRIDES: '{"t":{"connectionsPerUsr":1}}' }, QUOTA_OVERRIDES_VARIABLE],
    [{ QUOTA_TENANT_OVERRIDES: '{"t":{"jobsPerUser":"5"}}' }, QUOTA_OVERRIDES_VARIABLE],
    [{ QUOTA_TENANT_OVERRIDES: '{"t":7}' }, QUOTA_OVERRIDES_VARIABLE],
  ])('refuses %j naming the variable', (env, variable) => {
    expect(() => quotaPolicyFromEnv(env)).toThrow(ConfigError);
    expect(() => quotaPolicyFromEnv(env)).toThrow(new RegExp(`^${variable} `));
  });

  it('declares every quota variable in the deployment table', () => {
    for (const name of [...Object.values(QUOTA_VARIABLES), QUOTA_OVERRIDES_VARIABLE]) expect(SETTING_VARIABLES).toContain(name);
  });
});
