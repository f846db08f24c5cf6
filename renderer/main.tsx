import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createClient } from './api/client';
import { defaultTransport } from './api/transports';
import { useApp } from './stores/app';
import './styles.css';

useApp.getState().setClient(createClient(defaultTransport()));
createRoot(document.getElementById('root')!).render(<App />);
