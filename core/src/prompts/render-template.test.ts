import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateContext } from '../context/template-context.js';
import { loadPersona } from './persona.js';
import { joinInput, renderTemplate, templateVariables } from './render-template.js';

function gitProject(branch: string): string {
  const root = mkdtempSync(join(tmpdir(), 'payready-project-'));
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'HEAD'), `ref: refs/heads/${branch}\n`);
  return root;
}

describe('prompt templates', () => {
  it('joins prompt and stdin with a blank line, either alone when the other is empty', () => {
    expect(joinInput('review this', 'diff')).toBe('review this\n\ndiff');
    expect(joinInput('', 'diff')).toBe('diff');
    expect(joinInput('question', '')).toBe('question');
  });

  it('renders input, date, project and branch', () => {
    const root = gitProject('feature/x');
    const context = createTemplateContext({ cwd: root, projectRoot: root, now: new Date('2026-11-26T10:00:00Z') });
    const text = renderTemplate(
      '{{ project }} on {{branch}} at {{date}}:\n{{input}}',
      { prompt: 'p', stdin: 's', input: 'p\n\ns' },
      context,
      'test',
    );
    expect(text).toBe(`${root.split('/').at(-1)} on feature/x at 2026-11-26:\np\n\ns`);
  });

  it('lists variables once and rejects unknown ones naming the source', () => {
    expect(templateVariables('{{input}} {{date}} {{input}}')).toEqual(['input', 'date']);
    const context = createTemplateContext({ cwd: '/' });
    expect(() =>
      renderTemplate('{{branh}}', { prompt: '', stdin: '', input: '' }, context, '/p/reviewer.yaml'),
    ).toThrow(/unknown template variable \{\{branh\}\} in \/p\/reviewer\.yaml/);
  });

  it('computes context values only when used', () => {
    const context = createTemplateContext({ cwd: '/nonexistent', projectRoot: '/nonexistent' });
    // The branch of a directory without .git is empty, and asking for the date never touches git.
    expect(context.branch).toBe('');
    expect(context.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('personas', () => {
  const builtin = join(import.meta.dirname, '../../../apps/cli/src/personas');

  it('default needs no file; built-ins load from YAML; user files shadow them', async () => {
    const user = mkdtempSync(join(tmpdir(), 'personas-'));
    expect((await loadPersona(undefined, { builtin, user })).source).toBe('built-in');
    const reviewer = await loadPersona('reviewer', { builtin, user });
    expect(reviewer).toMatchObject({ name: 'reviewer', temperature: 0.2 });
    expect(reviewer.template).toContain('{{input}}');
    writeFileSync(join(user, 'reviewer.yaml'), 'system: terse\n');
    expect(await loadPersona('reviewer', { builtin, user })).toMatchObject({
      name: 'reviewer',
      system: 'terse',
      source: join(user, 'reviewer.yaml'),
    });
  });

  it('reports invalid YAML with file:line and unknown fields by name', async () => {
    const user = mkdtempSync(join(tmpdir(), 'personas-'));
    writeFileSync(join(user, 'bad.yaml'), 'system: [unclosed\n');
    await expect(loadPersona('bad', { builtin, user })).rejects.toThrow(
      new RegExp(`${join(user, 'bad.yaml')}:\\d+:\\d+`),
    );
    writeFileSync(join(user, 'typo.yaml'), 'sytem: hi\n');
    await expect(loadPersona('typo', { builtin, user })).rejects.toThrow(/sytem/);
  });
});
