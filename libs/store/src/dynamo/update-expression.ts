// Builds UpdateExpression / ConditionExpression placeholders so attribute names never clash with
// DynamoDB reserved words (status, ttl, result, error, action, …).

export interface Update {
  set?: Record<string, unknown>;
  remove?: readonly string[];
  /** Attributes incremented by the given amount (missing counts as 0). */
  increment?: Record<string, number>;
}

export interface Expression {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private count = 0;

  name(attribute: string): string {
    const placeholder = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.count++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  update(update: Update): string {
    const sets = Object.entries(update.set ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([attribute, value]) => `${this.name(attribute)} = ${this.value(value)}`);
    for (const [attribute, by] of Object.entries(update.increment ?? {})) {
      const n = this.name(attribute);
      sets.push(`${n} = if_not_exists(${n}, ${this.value(0)}) + ${this.value(by)}`);
    }
    const removes = (update.remove ?? []).map((attribute) => this.name(attribute));
    return [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ');
  }

  /** Names/values for a command input (values omitted when none, as DynamoDB requires). */
  attributes(): Pick<Expression, 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
    return Object.keys(this.values).length > 0
      ? { ExpressionAttributeNames: this.names, ExpressionAttributeValues: this.values }
      : { ExpressionAttributeNames: this.names };
  }
}
