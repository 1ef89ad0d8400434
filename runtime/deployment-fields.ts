import { z } from 'zod';
import { DeploymentConfigSchema } from './deployment-schema.js';

export interface ConfigField {
  /** `clouds.aws.accounts[].roleArn` style: what a reader looks for in docs/clouds.md. */
  path: string;
  type: string;
  description: string;
}

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  enum?: unknown[];
  default?: unknown;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  const?: unknown;
}

/** Every field of tollgate.yaml with its description, from the zod schema itself (the docs' table is checked against it). */
export function deploymentConfigFields(): ConfigField[] {
  const root = z.toJSONSchema(DeploymentConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const fields: ConfigField[] = [];
  const walk = (node: JsonSchemaNode, path: string): void => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const here = path ? `${path}.${key}` : key;
      const type = typeOf(child);
      fields.push({ path: here, type, description: child.description ?? '' });
      if (child.properties) walk(child, here);
      if (child.items?.properties) walk(child.items, `${here}[]`);
      // A list of kinds (billing.sources): each kind's fields, once per path.
      for (const variant of child.items?.oneOf ?? child.items?.anyOf ?? []) walk(variant, `${here}[]`);
    }
  };
  walk(root, '');
  const byPath = new Map<string, ConfigField>();
  for (const field of fields) {
    const held = byPath.get(field.path);
    if (!held) byPath.set(field.path, field);
    else if (held.type !== field.type && !held.type.split(' \\| ').includes(field.type)) held.type = `${held.type} \\| ${field.type}`;
  }
  return [...byPath.values()];
}

function typeOf(node: JsonSchemaNode): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (node.type === 'array') return `list of ${node.items ? typeOf(node.items) : 'any'}`;
  return Array.isArray(node.type) ? node.type.join(' \\| ') : (node.type ?? 'any');
}
