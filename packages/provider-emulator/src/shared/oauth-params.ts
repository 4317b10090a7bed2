import type { Response } from 'express';

/** The named string fields of a parsed query or form body; anything else is left out. */
export function pickStringParams<Name extends string>(
  source: unknown,
  names: readonly Name[],
): Partial<Record<Name, string>> {
  const params: Partial<Record<Name, string>> = {};
  if (typeof source !== 'object' || source === null) return params;
  const record = source as Record<string, unknown>;
  for (const name of names) {
    const value = record[name];
    if (typeof value === 'string') params[name] = value;
  }
  return params;
}

/** 302 to `redirectUri` with `values` added as query parameters, in order; undefined ones are left out. */
export function redirectWithQuery(
  res: Response,
  redirectUri: string,
  values: Record<string, string | undefined>,
): void {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) target.searchParams.set(name, value);
  }
  res.redirect(302, target.toString());
}
