import { ExitCode } from './exit-codes.js';
import { PayReadyError } from './payready-error.js';

/** Where in which file a config problem is. */
export interface ConfigProblem {
  /** Absolute path of the file, or a pseudo-source such as `env:PAYREADY_ROUTING__CONFIDENCE_THRESHOLD` or `--flag`. */
  source: string;
  line?: number;
  column?: number;
  /** Dotted key path, e.g. `routing.confidence_threshold`. */
  keyPath?: string;
  message: string;
  expected?: string;
  got?: string;
}

export function formatConfigProblem(problem: ConfigProblem): string {
  const where =
    problem.line === undefined ? problem.source : `${problem.source}:${problem.line}:${problem.column ?? 1}`;
  const key = problem.keyPath ? ` ${problem.keyPath}:` : '';
  const detail = [
    problem.expected === undefined ? undefined : `expected ${problem.expected}`,
    problem.got === undefined ? undefined : `got ${problem.got}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}:${key} ${problem.message}${detail ? ` (${detail})` : ''}`;
}

/** One or more problems in the configuration. Exit 2. */
export class ConfigError extends PayReadyError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], options: { hint?: string; cause?: unknown } = {}) {
    const lines = problems.map(formatConfigProblem);
    super(
      lines.length === 1 ? `invalid configuration: ${lines[0]}` : `invalid configuration:\n  ${lines.join('\n  ')}`,
      {
        ...options,
        exitCode: ExitCode.usage,
        name: 'ConfigError',
      },
    );
    this.problems = problems;
  }
}
