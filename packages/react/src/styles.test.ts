import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postcss, { type AtRule, type ChildNode, type Container, type Rule } from 'postcss';
import { describe, expect, it } from 'vitest';

// node:url, since jsdom's URL global rejects file: URLs in fs calls.
const here = dirname(fileURLToPath(import.meta.url));
const css = readFileSync(join(here, 'styles.css'), 'utf8');
const readme = readFileSync(join(here, '../README.md'), 'utf8');
const stylesheet = postcss.parse(css, { from: 'styles.css' });

function ancestorsOf(node: ChildNode): Container[] {
  const ancestors: Container[] = [];
  let parent = node.parent as Container | undefined;
  while (parent && parent.type !== 'root') {
    ancestors.push(parent);
    parent = parent.parent as Container | undefined;
  }
  return ancestors;
}

function isAtRule(node: Container, name: string, params?: string): node is AtRule {
  return (
    node.type === 'atrule' &&
    (node as AtRule).name === name &&
    (params === undefined || (node as AtRule).params === params)
  );
}

const reducedMotion = '(prefers-reduced-motion: reduce)';
const inKeyframes = (rule: Rule) => ancestorsOf(rule).some((node) => isAtRule(node, 'keyframes'));
const inReducedMotion = (rule: Rule) =>
  ancestorsOf(rule).some((node) => isAtRule(node, 'media', reducedMotion));

const rules: Rule[] = [];
stylesheet.walkRules((rule) => {
  rules.push(rule);
});
const selectorRules = rules.filter((rule) => !inKeyframes(rule));
const tokenRule = selectorRules.find((rule) => rule.selector === '.atz-root');

/** The selector with attribute selectors and strings blanked, leaving only names and combinators. */
function withoutAttributes(selector: string): string {
  return selector.replace(/"[^"]*"|'[^']*'/g, '""').replace(/\[[^\]]*\]/g, '[]');
}

/** Declarations of one rule, as `property -> value`. */
function declarationsOf(rule: Rule): Map<string, string> {
  const declarations = new Map<string, string>();
  rule.each((node) => {
    if (node.type === 'decl') declarations.set(node.prop, node.value);
  });
  return declarations;
}

const tokens = tokenRule
  ? [...declarationsOf(tokenRule).keys()].filter((property) => property.startsWith('--'))
  : [];

describe('styles.css', () => {
  it('when parsed, then it is one @layer ats-zoom block holding every rule', () => {
    const topLevel = stylesheet.nodes.filter((node) => node.type !== 'comment');
    expect(topLevel).toHaveLength(1);
    const [layer] = topLevel;
    expect(layer?.type === 'atrule' && isAtRule(layer, 'layer', 'ats-zoom')).toBe(true);
    expect(rules.length).toBeGreaterThan(50);
    for (const rule of rules) {
      expect(
        ancestorsOf(rule).some((node) => isAtRule(node, 'layer', 'ats-zoom')),
        rule.selector,
      ).toBe(true);
    }
  });

  it('when its selectors are read, then every one starts at .atz-root', () => {
    for (const rule of selectorRules) {
      for (const selector of rule.selectors) {
        expect(selector, `in "${rule.selector}"`).toMatch(/^\.atz-root(?![\w-])/);
      }
    }
  });

  it('when its selectors are read, then none targets an element, the page root or everything', () => {
    for (const rule of selectorRules) {
      const bare = withoutAttributes(rule.selector);
      // A type or universal selector starts a compound: at the start, or after a combinator/paren/comma.
      expect(bare, rule.selector).not.toMatch(/(^|[\s>+~(,])(\*|[a-zA-Z][\w-]*)/);
      expect(bare, rule.selector).not.toMatch(/:root|:host|::?(before|after|selection)/);
    }
  });

  it('when at-rules are read, then only the layer, reduced-motion media and atz- keyframes appear', () => {
    stylesheet.walkAtRules((atRule) => {
      if (atRule.name === 'layer') expect(atRule.params).toBe('ats-zoom');
      else if (atRule.name === 'media') expect(atRule.params).toBe(reducedMotion);
      else if (atRule.name === 'keyframes') expect(atRule.params).toMatch(/^atz-/);
      else expect.unreachable(`@${atRule.name} ${atRule.params}`);
    });
  });

  it('when custom properties are declared, then only as --atz-* token defaults on .atz-root', () => {
    expect(tokenRule).toBeDefined();
    expect(tokens.length).toBeGreaterThan(30);
    for (const token of tokens) expect(token).toMatch(/^--atz-[a-z0-9-]+$/);
    for (const rule of selectorRules.filter((candidate) => candidate !== tokenRule)) {
      for (const property of declarationsOf(rule).keys()) {
        expect(property, rule.selector).not.toMatch(/^--/);
      }
    }
  });

  it('when values are read, then colours come only from token defaults and every var() names a token', () => {
    const literalColour =
      /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|\b(black|white|red|blue|green|gray|grey|transparent)\b/i;
    stylesheet.walkDecls((declaration) => {
      const rule = declaration.parent as Rule;
      if (rule !== tokenRule) {
        expect(declaration.value, `${rule.selector} { ${declaration.prop} }`).not.toMatch(
          literalColour,
        );
      }
      for (const [, used] of declaration.value.matchAll(/var\((--[\w-]+)/g)) {
        // --radix-* come from Radix Select's own inline styles.
        if (used?.startsWith('--radix-')) continue;
        expect(tokens, `${declaration.prop}: ${declaration.value}`).toContain(used);
      }
    });
  });

  it('when tokens are declared, then each is used by a rule or by another token', () => {
    for (const token of tokens) {
      expect(css.split(`var(${token})`).length - 1, token).toBeGreaterThan(0);
    }
  });

  it('when the README is read, then its Theming table lists every token with its default', () => {
    const declarations = tokenRule ? declarationsOf(tokenRule) : new Map<string, string>();
    for (const token of tokens) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${token}\``));
      expect(row, token).toBeDefined();
      const cells = row?.split(' | ').map((cell) => cell.trim());
      const compact = (value: string | undefined) => value?.replace(/\s+/g, '');
      expect(compact(cells?.[1]), token).toBe(compact(`\`${declarations.get(token)}\``));
    }
  });

  it('when something moves, then prefers-reduced-motion: reduce turns it off with the same selector', () => {
    const moving = selectorRules.filter(
      (rule) =>
        !inReducedMotion(rule) &&
        [...declarationsOf(rule).keys()].some((property) =>
          /^(transition|animation)(-|$)/.test(property),
        ),
    );
    expect(moving.length).toBeGreaterThan(0);
    const stills = selectorRules.filter(inReducedMotion);
    for (const rule of moving) {
      const still = stills.find((candidate) => candidate.selector === rule.selector);
      expect(still, rule.selector).toBeDefined();
      const declarations = still ? declarationsOf(still) : new Map<string, string>();
      if (declarationsOf(rule).has('animation') || declarationsOf(rule).has('animation-name')) {
        expect(declarations.get('animation'), rule.selector).toBe('none');
      }
      if ([...declarationsOf(rule).keys()].some((property) => property.startsWith('transition'))) {
        expect(declarations.get('transition'), rule.selector).toBe('none');
      }
    }
  });

  it('when an interactive part has keyboard focus, then a ring from the focus tokens shows', () => {
    const ringRules = selectorRules.filter(
      (rule) =>
        rule.selector.includes(':focus-visible') &&
        declarationsOf(rule).get('outline') ===
          'var(--atz-focus-ring-width) solid var(--atz-focus-ring-color)',
    );
    const ringed = ringRules.map((rule) => rule.selector).join('\n');
    // Every focusable part the components render: buttons, the two triggers, list items, links.
    for (const part of [
      '[data-slot$="-button"]',
      '[data-slot="trigger"]',
      '[data-slot="item"]',
      '[data-slot="url"]',
      '[data-slot="calendar-link"]',
    ]) {
      expect(ringed, part).toContain(part);
    }
    for (const rule of selectorRules) {
      if (declarationsOf(rule).get('outline') === 'none') {
        // Only parts that never take focus themselves, or items whose ring comes from data-highlighted.
        expect(rule.selector).toMatch(/\[data-slot="(item|menu)"\]$/);
      }
    }
  });
});
