/** The demo app end to end in Debian's headless Firefox (see `support/demo-flow.ts`). */
import { demoFlow } from './support/demo-flow.js';

demoFlow('firefox');
