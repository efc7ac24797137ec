import React, { type ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';

/** Renders inside a router, as Grafana renders app pages (links use react-router). */
export function renderInApp(ui: ReactElement, { path = '/a/tcc-treasury-app' }: { path?: string } = {}): RenderResult {
  return render(
    <MemoryRouter initialEntries={[path]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      {ui}
    </MemoryRouter>
  );
}
