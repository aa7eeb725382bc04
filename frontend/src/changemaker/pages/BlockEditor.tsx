import { Field, TextArea } from '../../shell/forms';
import { BLOCK_SPECS, type FieldSpec } from './blockSpecs';
import type { PageBlock } from './types';

type Values = Record<string, unknown>;

interface BlockEditorProps {
  index: number;
  count: number;
  block: PageBlock;
  /** The server's messages, keyed `blocks[i].field`. */
  errors: Record<string, string>;
  onChange(block: PageBlock): void;
  onMove(offset: -1 | 1): void;
  onRemove(): void;
}

function Control({ spec, name, value, error, onChange }: { spec: FieldSpec; name: string; value: string; error?: string; onChange(value: string): void }) {
  const common = { label: spec.label, name, hint: spec.hint, error, value, onChange: (e: { target: { value: string } }) => onChange(e.target.value) };
  if (spec.control === 'text') return <TextArea {...common} rows={3} />;
  if (spec.control === 'html') return <TextArea {...common} rows={8} className="code" />;
  return <Field {...common} type={spec.control === 'email' ? 'email' : spec.control === 'url' ? 'url' : 'text'} />;
}

/** One block's fields, its list items, and the buttons that move or remove it. */
export function BlockEditor({ index, count, block, errors, onChange, onMove, onRemove }: BlockEditorProps) {
  const spec = BLOCK_SPECS[block.type];
  const values = block as unknown as Values;
  const prefix = `blocks[${index}]`;
  const set = (key: string, value: unknown) => onChange({ ...values, [key]: value } as unknown as PageBlock);
  const items = (values.items as Values[] | undefined) ?? [];
  const setItem = (i: number, key: string, value: string) =>
    set('items', items.map((item, j) => (j === i ? { ...item, [key]: value } : item)));
  const newItem = () => Object.fromEntries((spec.items?.fields ?? []).map((f) => [f.key, '']));

  return (
    <fieldset className="block-card" aria-label={`Block ${index + 1}: ${spec.label}`}>
      <header>
        <strong>
          {index + 1}. {spec.label}
        </strong>
        <span className="actions">
          <button type="button" onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move block ${index + 1} up`}>
            ↑
          </button>
          <button type="button" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`Move block ${index + 1} down`}>
            ↓
          </button>
          <button type="button" onClick={onRemove} aria-label={`Remove block ${index + 1}`}>
            Remove
          </button>
        </span>
      </header>
      {errors[`${prefix}.type`] && <p className="field-error">{errors[`${prefix}.type`]}</p>}
      {spec.fields.map((field) => (
        <Control
          key={field.key}
          spec={field}
          name={`${prefix}.${field.key}`}
          value={String(values[field.key] ?? '')}
          error={errors[`${prefix}.${field.key}`]}
          onChange={(value) => set(field.key, value)}
        />
      ))}
      {spec.items && (
        <>
          {errors[`${prefix}.items`] && <p className="field-error">{errors[`${prefix}.items`]}</p>}
          {items.map((item, i) => (
            <div key={i} className="item">
              {spec.items?.fields.map((field) => (
                <Control
                  key={field.key}
                  spec={{ ...field, label: `${spec.items?.label} ${i + 1}: ${field.label}` }}
                  name={`${prefix}.items[${i}].${field.key}`}
                  value={String(item[field.key] ?? '')}
                  error={errors[`${prefix}.items[${i}].${field.key}`]}
                  onChange={(value) => setItem(i, field.key, value)}
                />
              ))}
              <button type="button" onClick={() => set('items', items.filter((_, j) => j !== i))}>
                Remove {spec.items?.label.toLowerCase()} {i + 1}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set('items', [...items, newItem()])}>
            Add {spec.items.label.toLowerCase()}
          </button>
        </>
      )}
    </fieldset>
  );
}
