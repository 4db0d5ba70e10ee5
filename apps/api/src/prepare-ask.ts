import type { ChatMessage, RouteQuery } from '@payready/agent-contract';
import {
  createTemplateContext,
  joinInput,
  renderTemplate,
  usedTemplateContext,
  type AskOptions,
  type PersonaDefinition,
} from '@payready/core';
import type { PayReadyConfig } from '@payready/shared';
import type { AskRequest } from '@payready/shared/api';
import type { ApiContext, ServingState } from './api-context.js';
import type { PersonaCache } from './persona-cache.js';

type InlinePersona = Exclude<AskRequest['persona'], string | undefined>;

function inlinePersona(persona: InlinePersona): PersonaDefinition {
  return {
    name: persona.name,
    source: 'request',
    ...(persona.system !== undefined ? { system: persona.system } : {}),
    ...(persona.temperature !== undefined ? { temperature: persona.temperature } : {}),
    ...(persona.model !== undefined ? { model: persona.model } : {}),
    ...(persona.max_tokens !== undefined ? { maxTokens: persona.max_tokens } : {}),
  };
}

/** The request's routing options as a config of its own, as the CLI's flags are the last config layer. */
function requestConfig(config: PayReadyConfig, body: AskRequest): PayReadyConfig {
  if (body.timeout === undefined && body.deadline === undefined && body.fallback && body.retries === undefined)
    return config;
  return {
    ...config,
    routing: {
      ...config.routing,
      ...(body.timeout !== undefined ? { default_timeout: body.timeout } : {}),
      ...(body.deadline !== undefined ? { deadline: body.deadline } : {}),
      ...(body.fallback ? {} : { fallback: false }),
      ...(body.retries !== undefined ? { max_retries: body.retries } : {}),
    },
  };
}

export interface PreparedAsk {
  options: Omit<AskOptions, 'signal'>;
  query: RouteQuery;
}

/** An API ask request → runAsk's options: persona, template, per-request routing options, cache mode. */
export async function prepareAsk(input: {
  context: ApiContext;
  state: ServingState;
  personas: PersonaCache;
  body: AskRequest;
}): Promise<PreparedAsk> {
  const { context, state, body } = input;
  const stdin = body.stdin ?? '';
  const query: RouteQuery = {
    prompt: body.prompt.trim(),
    ...(stdin ? { stdin } : {}),
    text: joinInput(body.prompt.trim(), stdin.trimEnd()),
  };
  if (body.agent !== undefined) state.registry.get(body.agent);
  const persona =
    typeof body.persona === 'object' ? inlinePersona(body.persona) : await input.personas.get(body.persona);
  const { cwd, projectRoot } = context.paths;
  const template = createTemplateContext({ cwd, ...(projectRoot ? { projectRoot } : {}) });
  const text = persona.template
    ? renderTemplate(persona.template, { prompt: query.prompt, stdin, input: query.text }, template, persona.source)
    : query.text;
  const templateContext = usedTemplateContext(persona.template, template);
  const cacheMode = body.cache === false ? 'off' : body.refresh ? 'refresh' : 'use';
  const history: ChatMessage[] | undefined = body.history;
  return {
    query,
    options: {
      registry: state.registry,
      config: requestConfig(state.config, body),
      query,
      text,
      persona,
      ...(history && history.length > 0 ? { history } : {}),
      ...(body.model ? { model: body.model } : {}),
      ...(body.agent ? { forcedAgent: body.agent } : {}),
      ...(context.cache && cacheMode !== 'off' ? { cache: context.cache, cacheMode } : {}),
      ...(templateContext ? { templateContext } : {}),
      ...(context.breaker ? { breaker: context.breaker } : {}),
      telemetry: context.telemetry,
    },
  };
}
