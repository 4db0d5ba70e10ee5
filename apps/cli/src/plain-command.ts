/** The commands the hot path runs (hot-main.ts); their plain form, words and no flags, skips commander too. */
export const HOT_COMMANDS = ['ask', 'route'] as const;
export type HotCommand = (typeof HOT_COMMANDS)[number];

/** `ask` or `route`, with anything after it. */
export function hotCommand(argv: readonly string[]): HotCommand | undefined {
  return HOT_COMMANDS.includes(argv[0] as HotCommand) ? (argv[0] as HotCommand) : undefined;
}

/**
 * `ask` and `route` with words and no flags. Commander would hand the command exactly these words and no
 * options (every option's absence means its default), so loading and declaring it can be skipped.
 */
export function plainCommand(argv: readonly string[]): HotCommand | undefined {
  const [name, ...words] = argv;
  if (!hotCommand(argv) || words.length === 0) return undefined;
  return words.every((word) => !word.startsWith('-')) ? (name as HotCommand) : undefined;
}
