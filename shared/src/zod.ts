// `@payready/shared/zod`: zod for the packages that declare schemas outside shared (core's review
// findings), so zod stays one dependency of one package. Never import this from a cold-start path: import
// the module that uses it with `await import()`.
export { z } from 'zod';
