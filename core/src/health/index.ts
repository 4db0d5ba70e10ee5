export { checkServices, printableUrl, probeHttp } from './check-services.js';
export type { CheckServicesOptions, ServiceCheck } from './check-services.js';
export { pingRedis, redisLabel } from '../caching/ping-redis.js';
export type { RedisPing, RedisTarget } from '../caching/ping-redis.js';
