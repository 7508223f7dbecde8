/** The real engines the browser test projects run in; each is also a Vitest project name. */
export const ENGINES = ['chromium', 'firefox', 'webkit'] as const;

/** One of {@link ENGINES}. */
export type EngineName = (typeof ENGINES)[number];

/** A running engine that the browser provider drives. */
export interface EngineSession {
  /** The engine's product and version, as reported by the engine itself. */
  readonly version: string;
  /**
   * Opens `url` in a new top-level page. Resolves once the page's DOM is loaded; Vitest then
   * waits for the page to connect back on its own.
   */
  open(url: string): Promise<void>;
  /** Closes every page and stops every process the session started. Safe to call twice. */
  close(): Promise<void>;
}

/** Narrows a Vitest `browser.name` to an {@link EngineName}. */
export function isEngineName(name: string): name is EngineName {
  return (ENGINES as readonly string[]).includes(name);
}

declare module 'vitest' {
  /** What vitest.config.ts hands every browser project through `provide`. */
  export interface ProvidedContext {
    /** The engine this browser project runs in. */
    engine: EngineName;
  }
}
