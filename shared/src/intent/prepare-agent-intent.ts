import { prepareIntent } from './score-intent.js';

/**
 * What a remote agent's init() calls: loads the routing model and the user's corrections. A missing or
 * unreadable model must not disable the agent, so failure is a warning and scores fall back to keywords.
 */
export async function prepareAgentIntent(environment: {
  paths: { stateDir: string };
  logger: { warn(message: string): void };
}): Promise<void> {
  try {
    await prepareIntent({ stateDir: environment.paths.stateDir });
  } catch (error) {
    environment.logger.warn(
      `routing model unavailable, scoring by keywords: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
