import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject } from 'ajv';
import type { FieldError } from '../manifest.types.ts';

// ajv-formats is CommonJS with a `default` property; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** A fresh ajv that fills in defaults; one per purpose so compiled schemas never collide by $id. */
export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  addFormats(ajv);
  return ajv;
}

/** Turns a JSON pointer (`/permissions/network/0`) into a dot path (`permissions.network.0`). */
function pointerToPath(pointer: string): string {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/** ajv errors as `{ path, message }`, naming the missing or extra property in the path. */
export function toFieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const base = pointerToPath(e.instancePath);
    const extra = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty
      : e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty
        : '';
    const path = extra ? (base ? `${base}.${extra}` : extra) : base;
    const message = e.keyword === 'required' ? 'is required'
      : e.keyword === 'additionalProperties' ? 'is not allowed'
        : e.keyword === 'enum' ? `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
          : (e.message ?? 'is invalid');
    return { path, message };
  });
}
