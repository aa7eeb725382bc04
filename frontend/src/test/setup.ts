import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Whole-app renders on a busy two-core machine can take more than the default second.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});

// jsdom has no object URLs; components show fetched files (avatars, previews) through them.
if (!URL.createObjectURL) {
  let next = 0;
  URL.createObjectURL = () => `blob:test/${++next}`;
  URL.revokeObjectURL = () => undefined;
}
