/** The commands whose plain form (`payready ask|route <words…>`, no flags) skips the command parser. */
export const PLAIN_COMMANDS = ['ask', 'route'] as const;
export type PlainCommand = (typeof PLAIN_COMMANDS)[number];

/**
 * `ask` and `route` with words and no flags: what git hooks and scripts run most. Commander would hand the
 * command exactly these words and no options (every option's absence means its default), so the command runs
 * straight away; loading and declaring commander and every command is ~0.3× `node -e 0` of cold start.
 */
export function plainCommand(argv: readonly string[]): PlainCommand | undefined {
  const [name, ...words] = argv;
  if (!PLAIN_COMMANDS.includes(name as PlainCommand) || words.length === 0) return undefined;
  return words.every((word) => !word.startsWith('-')) ? (name as PlainCommand) : undefined;
}
