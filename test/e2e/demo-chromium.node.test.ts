/** The demo app end to end in Debian's headless Chromium (see `support/demo-flow.ts`). */
import { demoFlow } from './support/demo-flow.js';

demoFlow('chromium');
