import { useEffect } from 'react';

const APP_NAME = 'Trajectory · Changemaker Lite';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ${APP_NAME}`;
  }, [title]);
}
