/** Where the codex agent's credentials and CLI backend are looked up: shared by availability and answering. */
export const KEY_NAMES = ['OPENAI_API_KEY'] as const;
export const CLI_COMMAND = 'codex';
