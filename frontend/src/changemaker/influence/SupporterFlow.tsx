import { useState } from 'react';
import type { LookupResult, PublicCampaign } from '../../api/influenceTypes';
import { PostalCodeStep } from './PostalCodeStep';
import { WriteStep, type Written } from './WriteStep';

/**
 * The supporter's way from a postal code to a sent email, in three steps on one
 * page: find their representatives, check the message (and edit it when the
 * campaign allows), send it (or open it in their own mail program).
 */
export function SupporterFlow({ campaign, onWritten }: { campaign: PublicCampaign; onWritten(added: number): void }) {
  const [found, setFound] = useState<LookupResult | null>(null);
  const [written, setWritten] = useState<Written | null>(null);

  if (written) return <Thanks written={written} wall={campaign.show_response_wall} />;
  return (
    <section className="card supporter-flow" aria-labelledby="write-heading">
      <h2 id="write-heading">{campaign.call_to_action || 'Write to your representatives'}</h2>
      {found ? (
        <WriteStep
          campaign={campaign}
          found={found}
          onChangePostalCode={() => setFound(null)}
          onWritten={(done) => {
            setWritten(done);
            onWritten(done.names.length);
          }}
        />
      ) : (
        <PostalCodeStep campaign={campaign} onFound={setFound} />
      )}
    </section>
  );
}

function Thanks({ written, wall }: { written: Written; wall: boolean }) {
  return (
    <section className="card supporter-flow" aria-labelledby="thanks-heading">
      <h2 id="thanks-heading" tabIndex={-1} ref={(h) => h?.focus()}>
        Thank you!
      </h2>
      {written.mailto ? (
        <>
          <p>Your email program should have opened with the message to {written.names.join(', ')}. Send it from there.</p>
          <p>
            Nothing opened? <a href={written.mailto}>Open the message in your email program</a>.
          </p>
        </>
      ) : (
        <p role="status">
          Your email is on its way to {written.names.join(', ')}. Their replies will come to {written.replyTo}.
        </p>
      )}
      {wall && <p>Did they answer? Share their response on the wall below.</p>}
    </section>
  );
}
