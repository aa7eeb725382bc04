import { useState, type FormEvent } from 'react';
import type { LookupResult, PublicCampaign } from '../../api/influenceTypes';
import { Field, FormError, SubmitButton } from '../../shell/forms';
import { useSubmit } from '../../shell/useSubmit';
import { findRepresentatives, useInfluence } from './hooks';

/** Step one: the supporter's postal code, and who represents it for this campaign. */
export function PostalCodeStep({ campaign, onFound }: { campaign: PublicCampaign; onFound(found: LookupResult): void }) {
  const api = useInfluence();
  const [postalCode, setPostalCode] = useState('');
  const submit = useSubmit(['postal_code']);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void findRepresentatives(submit, api, campaign.slug, postalCode, (found) => {
      if (found.representatives.length === 0) {
        throw new Error(`We found no representative for ${found.postal_code} in this campaign yet.`);
      }
      onFound(found);
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="postal-step">
      <Field
        label="Your postal code"
        name="postal_code"
        value={postalCode}
        onChange={(e) => setPostalCode(e.target.value)}
        error={submit.fieldErrors.postal_code}
        hint="We use it only to find who represents you."
        autoComplete="postal-code"
        autoCapitalize="characters"
        spellCheck={false}
        inputMode="text"
        maxLength={10}
        required
      />
      <FormError message={submit.error} />
      <SubmitButton pending={submit.pending} pendingLabel="Finding…">
        Find my representatives
      </SubmitButton>
    </form>
  );
}
