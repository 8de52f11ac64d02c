import { type MonitorFieldError, monitorJsonSchema } from '../../monitor/index.js';

interface SchemaNode {
  type?: string;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  maxProperties?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
}

/**
 * The size limits of the monitor JSON schema (lengths, list sizes, map sizes) that the API
 * enforces with its body schema and parseMonitor does not check, applied to a document that
 * did not come through HTTP (vigia.yaml), so the file cannot store what the API would refuse.
 * Types and values are parseMonitor's job; this only measures.
 */
export function monitorLimitErrors(doc: Record<string, unknown>): MonitorFieldError[] {
  const errors: MonitorFieldError[] = [];
  const properties = monitorJsonSchema.properties as unknown as Record<string, SchemaNode>;
  for (const [key, value] of Object.entries(doc)) {
    const node = properties[key];
    if (node) measure(value, node, key, errors);
  }
  return errors;
}

function measure(value: unknown, node: SchemaNode, field: string, errors: MonitorFieldError[]): void {
  if (typeof value === 'string') {
    if (node.maxLength !== undefined && value.length > node.maxLength) {
      errors.push({ field, message: `must be at most ${node.maxLength} characters, got ${value.length}` });
    } else if (node.minLength !== undefined && value.length < node.minLength) {
      errors.push({ field, message: `must be at least ${node.minLength} characters` });
    }
  } else if (Array.isArray(value)) {
    if (node.maxItems !== undefined && value.length > node.maxItems) {
      errors.push({ field, message: `must have at most ${node.maxItems} items, got ${value.length}` });
      return;
    }
    const items = node.items;
    if (items) for (const [i, item] of value.entries()) measure(item, items, `${field}[${i}]`, errors);
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (node.maxProperties !== undefined && entries.length > node.maxProperties) {
      errors.push({ field, message: `must have at most ${node.maxProperties} keys, got ${entries.length}` });
      return;
    }
    for (const [key, child] of entries) {
      const childNode =
        node.properties?.[key] ??
        (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
      if (childNode) measure(child, childNode, `${field}.${key}`, errors);
    }
  }
}
