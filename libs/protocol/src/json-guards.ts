/** Own property of a parsed JSON object (never an inherited one such as `constructor`). */
export function own(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** True for a JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when JSON `text` nests objects/arrays deeper than `limit` (the outermost value is level 1).
 * Scans the text without parsing it, so a hostile frame is refused before any recursive code sees it.
 */
export function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (++depth > limit) return true;
    } else if (char === '}' || char === ']') depth--;
  }
  return false;
}

/**
 * Path of the first key that could pollute a prototype if the value were merged naively into another
 * object: any `__proto__`, or `prototype` inside `constructor`. Null when the value is clean.
 * Recursion is bounded because frames are depth-checked before they are parsed.
 */
export function findPollutingKey(value: unknown, path = '', parentKey = ''): string | null {
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (key === '__proto__' || (key === 'prototype' && parentKey === 'constructor')) return childPath;
    const found = findPollutingKey(child, childPath, Array.isArray(value) ? '' : key);
    if (found !== null) return found;
  }
  return null;
}
