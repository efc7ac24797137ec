import React, { useMemo, useState, type SyntheticEvent } from 'react';
import { Button, Combobox, Field, FieldSet, IconButton, Input, MultiCombobox, Stack } from '@grafana/ui';
import type { NetworksCatalog } from '../../api/schemas';
import {
  isFormValid,
  validateAccountForm,
  type AccountFormErrors,
  type AccountFormValues,
} from '../../validation/accountForm';

interface Props {
  initial: AccountFormValues;
  /** Networks and assets offered as choices; null (older exporter) means free text. */
  catalog: NetworksCatalog | null;
  /** Names of the other accounts, for the uniqueness check. */
  existingNames: string[];
  submitLabel: string;
  saving: boolean;
  onSubmit: (values: AccountFormValues) => void;
  onCancel: () => void;
}

/**
 * Add/edit form for one account. Checks run on submit and then live, with the exporter's wording;
 * nothing is sent while a field is wrong.
 */
export function AccountForm({ initial, catalog, existingNames, submitLabel, saving, onSubmit, onCancel }: Props) {
  const [values, setValues] = useState<AccountFormValues>(initial);
  const [submitted, setSubmitted] = useState(false);
  const errors: AccountFormErrors = useMemo(
    () => (submitted ? validateAccountForm(values, { catalog, existingNames }) : {}),
    [submitted, values, catalog, existingNames]
  );
  const set = (patch: Partial<AccountFormValues>) => setValues((current) => ({ ...current, ...patch }));

  const networkOptions = catalog
    ? Object.entries(catalog.networks).map(([name, { kind }]) => ({ label: name, value: name, description: kind }))
    : [];
  const assetOptions = catalog
    ? Object.entries(catalog.assets)
        .filter(([, asset]) => asset.on[values.network] !== undefined)
        .map(([symbol]) => ({ label: symbol, value: symbol }))
    : [];

  const handleSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (isFormValid(validateAccountForm(values, { catalog, existingNames }))) {
      onSubmit(values);
    }
  };

  return (
    <form onSubmit={handleSubmit} aria-label="Account">
      <FieldSet label={submitLabel}>
        <Field
          label="Name"
          description="Unique; becomes the account label"
          invalid={Boolean(errors.name)}
          error={errors.name}
        >
          <Input id="account-name" value={values.name} onChange={(e) => set({ name: e.currentTarget.value })} />
        </Field>
        <Field label="Network" invalid={Boolean(errors.network)} error={errors.network}>
          {catalog ? (
            <Combobox
              id="account-network"
              options={networkOptions}
              value={values.network || null}
              onChange={(option) => set({ network: option.value, assets: [] })}
            />
          ) : (
            <Input
              id="account-network"
              value={values.network}
              onChange={(e) => set({ network: e.currentTarget.value.trim() })}
            />
          )}
        </Field>
        <Field
          label="Address"
          description="An address, or for Bitcoin an xpub or output descriptor. Watch-only: never a private key."
          invalid={Boolean(errors.address)}
          error={errors.address}
        >
          <Input
            id="account-address"
            value={values.address}
            onChange={(e) => set({ address: e.currentTarget.value })}
          />
        </Field>
        <Field
          label="Assets"
          description="Leave empty to watch every asset configured on the network"
          invalid={Boolean(errors.assets)}
          error={errors.assets}
        >
          {catalog ? (
            <MultiCombobox
              id="account-assets"
              options={assetOptions}
              value={values.assets}
              onChange={(options) => set({ assets: options.map((option) => option.value) })}
            />
          ) : (
            <Input
              id="account-assets"
              placeholder="ETH, USDC"
              value={values.assets.join(', ')}
              onChange={(e) =>
                set({
                  assets: e.currentTarget.value
                    .split(',')
                    .map((asset) => asset.trim())
                    .filter(Boolean),
                })
              }
            />
          )}
        </Field>
        <Field label="Labels" description="Descriptive labels such as entity or purpose">
          <Stack direction="column" gap={1}>
            {values.labels.map((label, index) => (
              <Stack key={index} gap={1} alignItems="flex-start">
                <Field invalid={Boolean(errors[`labels.${index}.key`])} error={errors[`labels.${index}.key`]}>
                  <Input
                    aria-label={`Label ${index + 1} name`}
                    value={label.key}
                    onChange={(e) => {
                      const key = e.currentTarget.value;
                      set({ labels: values.labels.map((l, i) => (i === index ? { ...l, key } : l)) });
                    }}
                  />
                </Field>
                <Input
                  aria-label={`Label ${index + 1} value`}
                  value={label.value}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    set({ labels: values.labels.map((l, i) => (i === index ? { ...l, value } : l)) });
                  }}
                />
                <IconButton
                  name="trash-alt"
                  tooltip={`Remove label ${index + 1}`}
                  onClick={() => set({ labels: values.labels.filter((_, i) => i !== index) })}
                />
              </Stack>
            ))}
            <div>
              <Button
                variant="secondary"
                size="sm"
                icon="plus"
                type="button"
                onClick={() => set({ labels: [...values.labels, { key: '', value: '' }] })}
              >
                Add label
              </Button>
            </div>
          </Stack>
        </Field>
        <Field label="Minimum balances" description="Whole tokens; TreasuryBalanceBelowMinimum fires below them">
          <Stack direction="column" gap={1}>
            {values.minBalances.map((row, index) => (
              <Stack key={index} gap={1} alignItems="flex-start">
                <Field
                  invalid={Boolean(errors[`minBalances.${index}.asset`])}
                  error={errors[`minBalances.${index}.asset`]}
                >
                  <Input
                    aria-label={`Minimum ${index + 1} asset`}
                    value={row.asset}
                    onChange={(e) => {
                      const asset = e.currentTarget.value.trim();
                      set({ minBalances: values.minBalances.map((r, i) => (i === index ? { ...r, asset } : r)) });
                    }}
                  />
                </Field>
                <Field
                  invalid={Boolean(errors[`minBalances.${index}.amount`])}
                  error={errors[`minBalances.${index}.amount`]}
                >
                  <Input
                    aria-label={`Minimum ${index + 1} amount`}
                    inputMode="decimal"
                    value={row.amount}
                    onChange={(e) => {
                      const amount = e.currentTarget.value;
                      set({ minBalances: values.minBalances.map((r, i) => (i === index ? { ...r, amount } : r)) });
                    }}
                  />
                </Field>
                <IconButton
                  name="trash-alt"
                  tooltip={`Remove minimum ${index + 1}`}
                  onClick={() => set({ minBalances: values.minBalances.filter((_, i) => i !== index) })}
                />
              </Stack>
            ))}
            <div>
              <Button
                variant="secondary"
                size="sm"
                icon="plus"
                type="button"
                onClick={() => set({ minBalances: [...values.minBalances, { asset: '', amount: '' }] })}
              >
                Add minimum
              </Button>
            </div>
          </Stack>
        </Field>
        <Stack gap={1}>
          <Button type="submit" disabled={saving}>
            {saving ? 'Saving…' : submitLabel}
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </Stack>
      </FieldSet>
    </form>
  );
}
