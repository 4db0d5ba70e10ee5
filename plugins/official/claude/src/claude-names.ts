/** Where the claude agent's credentials and CLI backend are looked up: shared by availability and answering. */
export const KEY_NAMES = ['ANTHROPIC_API_KEY'] as const;
export const CLI_COMMAND = 'claude';
