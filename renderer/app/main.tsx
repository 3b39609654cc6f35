// Renderer entry: mounts the app shell into renderer/index.html.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import '../styles/theme.css';
import '../styles/base.css';
import '../styles/layout.css';
import '../styles/list.css';
import '../styles/thread.css';
import '../styles/overlays.css';

const container = document.getElementById('root');
if (!container) throw new Error('renderer/index.html must contain <div id="root">.');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
