// Test-only: shared setup for the composer's component tests (imported first by each of them):
// jest-dom matchers, jsdom layout stubs, and a patient async timeout, because these tests run
// real IndexedDB (fake-indexeddb) and Lexical on a shared 2-core machine.
import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';
import './jsdom-layout';

configure({ asyncUtilTimeout: 5_000 });
